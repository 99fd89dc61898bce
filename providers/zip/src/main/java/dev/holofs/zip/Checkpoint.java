package dev.holofs.zip;

/**
 * A point where inflating a deflated entry can restart: a deflate block that starts on a byte
 * boundary, at entry offset {@code outPos} and compressed byte {@code inPos} (relative to the
 * entry's data), with the up-to-32 KiB of output before it. Only byte-aligned block starts are
 * used: zlib cannot be primed with odd bits, and re-aligning the input would shift the padding of
 * later stored blocks.
 */
record Checkpoint(long outPos, long inPos, byte[] window) {}
