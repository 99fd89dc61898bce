/**
 * The seam between holofs and the operating systems it projects onto; internal, for adapters.
 *
 * <p>An adapter (FUSE in {@code holofs-fuse}, ProjFS in {@code holofs-projfs}) implements
 * {@link dev.holofs.platform.Platform}, lists it in
 * {@code META-INF/services/dev.holofs.platform.Platform}, and translates its kernel's requests
 * onto the engine. The whole surface an adapter uses:
 * <ul>
 *   <li>{@link dev.holofs.platform.Platform}: name, unavailability cause, required collation,
 *       mount;</li>
 *   <li>{@link dev.holofs.engine.Engine}, made from the {@link dev.holofs.Projection} it is given:
 *       {@code getPlaceholder}, {@code getFileData}, {@code startEnumeration} /
 *       {@code getEnumeration} / {@code endEnumeration}, {@code cancel}, {@code receiving} (a
 *       thread that reads the kernel's requests), {@code liveCommands} / {@code liveSessions},
 *       {@code stats}, {@code close};</li>
 *   <li>{@link dev.holofs.engine.Call}: each request's {@code commandId()}, {@code result()},
 *       {@code cancel()};</li>
 *   <li>{@link dev.holofs.engine.Errors}: a provider's exception as errno or HRESULT;</li>
 *   <li>{@link dev.holofs.engine.QuietLog}: log lines on answering paths that cannot fail;</li>
 *   <li>its own {@link dev.holofs.PlatformOptions} type, read with
 *       {@link dev.holofs.Projection#platformOptions(Class)}.</li>
 * </ul>
 *
 * <p>Why a documented internal package rather than JPMS qualified exports: holofs runs on the
 * class path (the CLI is one shaded jar; providers and tests are plain class-path code), where
 * qualified exports are not enforced, and the adapters live in other artifacts that must see these
 * types. What keeps them internal is that no public signature of the API packages
 * ({@code dev.holofs}, {@code dev.holofs.spi}) or of the testkit mentions them, which
 * {@code InternalTypesTest} checks.
 */
package dev.holofs.platform;
