package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lanes by default: two for sftp (each connection carries any number of requests), four for Commons VFS schemes. */
class VfsOptionsTest {

  @Test
  void lanesDependOnTheSchemeUnlessGiven() {
    assertThat(VfsOptions.builder("sftp://me@host/srv").build().lanes()).isEqualTo(2);
    assertThat(VfsOptions.builder("SFTP://me@host/srv").build().lanes()).isEqualTo(2);
    assertThat(VfsOptions.builder("ftp://me@host/srv").build().lanes()).isEqualTo(4);
    assertThat(VfsOptions.builder("sftp://me@host/srv").lanes(3).build().lanes()).isEqualTo(3);
  }
}
