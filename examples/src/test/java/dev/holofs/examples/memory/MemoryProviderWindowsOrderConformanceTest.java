package dev.holofs.examples.memory;

import dev.holofs.spi.Collation;

/** The same tree projected in Windows (ProjFS) order. */
class MemoryProviderWindowsOrderConformanceTest extends MemoryProviderConformanceTest {

  @Override
  protected Collation collation() {
    return Collation.WINDOWS;
  }
}
