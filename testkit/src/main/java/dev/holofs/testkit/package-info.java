/**
 * Running and testing providers with no kernel, and platform adapters with one.
 *
 * <p>{@link dev.holofs.testkit.Driver} feeds a provider, through the real engine, the requests a
 * kernel would send (lookups, directory handles read through small buffers, reads at offsets,
 * interrupts), so a provider can be tested in a plain unit test and measured in a benchmark.
 * {@link dev.holofs.testkit.ProviderConformanceTest} is the suite every provider is expected to
 * pass: extend it with a factory for the provider and the {@link dev.holofs.testkit.ExpectedTree}
 * it must show. {@link dev.holofs.testkit.PlatformConformanceTest} is the suite every platform
 * adapter passes, through {@code java.nio.file} only, on a {@link dev.holofs.testkit.TreeProvider};
 * {@link dev.holofs.testkit.KernelTests} decides whether a mount test skips or fails.
 *
 * <p>No public signature here mentions an engine type: requests in flight are {@link
 * dev.holofs.testkit.Pending}, {@link dev.holofs.testkit.Read} and
 * {@link dev.holofs.testkit.DirectoryHandle.PendingReaddir}.
 */
package dev.holofs.testkit;
