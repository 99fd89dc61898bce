package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Lanes: as given, or 0, left to what serves the source (SftpSourceTest checks the defaults). */
class VfsOptionsTest {

  @Test
  void lanesAreAsGivenOrLeftToWhatServesTheSource() {
    assertThat(VfsOptions.builder("sftp://me@host/srv").build().lanes()).isZero();
    assertThat(VfsOptions.builder("ftp://me@host/srv").build().lanes()).isZero();
    assertThat(VfsOptions.builder("sftp://me@host/srv").lanes(3).build().lanes()).isEqualTo(3);
  }
}
