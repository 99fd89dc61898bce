package dev.holofs.cli;

import dev.holofs.spi.OpeningProvider;
import dev.holofs.zip.ZipOptions;
import dev.holofs.zip.ZipProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code zip:PATH}: a zip archive, read-only, through {@link ZipProvider}. */
final class ZipSource implements SourceType {

  private final ZipFlags flags;

  ZipSource() {
    this(new ZipFlags());
  }

  ZipSource(ZipFlags flags) {
    this.flags = flags;
  }

  @Override
  public String scheme() {
    return "zip";
  }

  @Override
  public String usage() {
    return "zip:PATH";
  }

  @Override
  public String summary() {
    return "a zip archive, read-only (ZIP64; stored and deflated entries)";
  }

  @Override
  public OpenSource open(String argument) throws UserException, IOException {
    if (argument.isEmpty()) {
      throw new UserException("zip: needs the archive's path: zip:PATH");
    }
    Path archive;
    try {
      archive = Path.of(argument);
    } catch (InvalidPathException e) {
      throw new UserException("zip:" + argument + ": invalid path (" + e.getReason() + ")");
    }
    // Checked here so the message names the SOURCE as the user wrote it.
    if (!Files.exists(archive)) {
      throw new UserException("zip:" + argument + ": no such file");
    }
    if (Files.isDirectory(archive)) {
      throw new UserException("zip:" + argument + ": is a directory, not an archive");
    }
    if (!Files.isReadable(archive)) {
      throw new UserException("zip:" + argument + ": permission denied");
    }
    ZipOptions options = flags.options();
    OpeningProvider<ZipProvider> provider;
    try {
      // The central directory is read while the mount is made (the root lists once it is read):
      // once it is, it may still refuse the archive, and the mount then fails as this would.
      provider = ZipProvider.openInBackground(archive, options);
    } catch (IOException e) {
      throw new UserException(message(archive, argument, e), e);
    }
    return new OpenSource(provider, provider, mount -> {}, () -> {
      try {
        provider.awaitOpened();
      } catch (IOException e) {
        throw new UserException(message(archive, argument, e), e);
      }
    });
  }

  /** {@code zip:ARGUMENT: why}, the archive's path said once. */
  private static String message(Path archive, String argument, IOException e) {
    String message = Failures.oneLine(e);
    for (String prefix : new String[] {archive + ": ", argument + ": "}) {
      if (message.startsWith(prefix)) { // said once is enough
        message = message.substring(prefix.length());
      }
    }
    return "zip:" + argument + ": " + message;
  }
}
