/**
 * The engine: the command table, the worker pool, enumeration sessions, collation, the one error
 * table. Internal: users and providers never see it; no public signature of {@code dev.holofs},
 * {@code dev.holofs.spi} or the testkit mentions it.
 *
 * <p>Only {@link dev.holofs.engine.Engine}, {@link dev.holofs.engine.Call},
 * {@link dev.holofs.engine.Errors} and {@link dev.holofs.engine.QuietLog} are public, because the
 * adapters that use them live in other artifacts (see {@link dev.holofs.platform} for that
 * surface and why it is not JPMS-qualified), and {@code Engine.answers} is also for
 * {@link dev.holofs.spi.OpeningProvider}, the one spi→engine reference; every other type here is
 * package-private.
 */
package dev.holofs.engine;
