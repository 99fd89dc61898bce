/**
 * Running and testing providers with no kernel.
 *
 * <p>{@link dev.holofs.testkit.Driver} feeds a provider, through the real engine, the requests a
 * kernel would send (lookups, directory handles read through small buffers, reads at offsets,
 * interrupts), so a provider can be tested in a plain unit test and measured in a benchmark.
 * {@link dev.holofs.testkit.ProviderConformanceTest} is the suite every provider is expected to
 * pass: extend it with a factory for the provider and the {@link dev.holofs.testkit.ExpectedTree}
 * it must show.
 */
package dev.holofs.testkit;
