package dev.holofs;

/**
 * Options that only one platform understands, such as {@code dev.holofs.fuse.FuseOptions}: they
 * live in that platform's own type, not in {@link Projection}. A projection holds at most one of
 * each type ({@link Projection.Builder#platformOptions}); a platform reads its own and ignores the
 * others, so one projection can carry options for every platform it may be mounted on.
 */
public interface PlatformOptions {}
