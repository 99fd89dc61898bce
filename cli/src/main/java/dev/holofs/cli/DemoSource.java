package dev.holofs.cli;

import dev.holofs.examples.demo.DemoTree;

/** {@code demo:}: the documented, generated tree of {@link DemoTree}. */
final class DemoSource implements SourceType {

  @Override
  public String scheme() {
    return "demo";
  }

  @Override
  public String usage() {
    return "demo:";
  }

  @Override
  public String summary() {
    return "a generated tree of known content: text files, a symlink, 4k.bin, many/ (1,000 files),"
        + " big/64m.bin (64 MiB)";
  }

  @Override
  public OpenSource open(String argument) throws UserException {
    if (!argument.isEmpty()) {
      throw new UserException("demo: takes no argument (got 'demo:" + argument + "')");
    }
    return OpenSource.of(DemoTree.create());
  }
}
