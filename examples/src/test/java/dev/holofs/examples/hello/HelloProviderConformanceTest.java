package dev.holofs.examples.hello;

import dev.holofs.spi.Provider;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.ProviderConformanceTest;

class HelloProviderConformanceTest extends ProviderConformanceTest {

  @Override
  protected Provider createProvider() {
    return new HelloProvider();
  }

  @Override
  protected ExpectedTree expectedTree() {
    return ExpectedTree.builder().file("hello.txt", HelloProvider.content()).build();
  }
}
