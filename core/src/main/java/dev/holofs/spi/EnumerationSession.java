package dev.holofs.spi;

/** One directory enumeration: from open to close of one directory handle. */
public interface EnumerationSession {

  /** Unique within a projection while the session lives (ProjFS's enumeration GUID). */
  long id();

  /** The directory being enumerated. */
  ProjectedPath directory();
}
