package dev.holofs.zip;

import dev.holofs.spi.Collation;

/** The conformance suite in ProjFS's (Windows) collation. */
class ZipWindowsConformanceTest extends ZipConformanceTest {

  @Override
  protected Collation collation() {
    return Collation.WINDOWS;
  }
}
