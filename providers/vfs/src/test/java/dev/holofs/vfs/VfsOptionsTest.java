package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lanes by default: one for sftp (one connection carries every request), more for Commons VFS schemes. */
class VfsOptionsTest {

  @Test
  void lanesDependOnTheSchemeUnlessGiven() {
    assertThat(VfsOptions.builder("sftp://me@host/srv").build().lanes()).isEqualTo(1);
    assertThat(VfsOptions.builder("SFTP://me@host/srv").build().lanes()).isEqualTo(1);
    assertThat(VfsOptions.builder("ftp://me@host/srv").build().lanes()).isEqualTo(4);
    assertThat(VfsOptions.builder("sftp://me@host/srv").lanes(3).build().lanes()).isEqualTo(3);
  }
}
