package dev.holofs;

import dev.holofs.platform.Platform;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The platforms on the class path, in {@link ServiceLoader} order, and the first usable one. */
final class Platforms {

  private Platforms() {}

  /** The first platform that can be used here, or null. */
  static Platform available() {
    for (Platform p : load()) {
      if (p.unavailabilityCause() == null) {
        return p;
      }
    }
    return null;
  }

  /** Why no platform can be used here, naming each with its cause, or null if one can. */
  static String unavailabilityCause() {
    List<Platform> platforms = load();
    if (platforms.isEmpty()) {
      return "no platform adapter on the class path (add holofs-fuse for Linux, holofs-projfs for"
          + " Windows, or holofs for both)";
    }
    List<String> causes = new ArrayList<>();
    for (Platform p : platforms) {
      String cause = p.unavailabilityCause();
      if (cause == null) {
        return null;
      }
      causes.add(p.name() + ": " + cause);
    }
    return "no platform can project here; " + String.join("; ", causes);
  }

  private static List<Platform> load() {
    List<Platform> platforms = new ArrayList<>();
    Iterator<Platform> it = ServiceLoader.load(Platform.class, Platform.class.getClassLoader()).iterator();
    try {
      while (it.hasNext()) {
        try {
          platforms.add(it.next());
        } catch (ServiceConfigurationError | LinkageError e) {
          platforms.add(new Broken(e)); // named in the error instead of hiding the others
        }
      }
    } catch (ServiceConfigurationError e) {
      platforms.add(new Broken(e)); // a broken services file: the iterator cannot go on
    }
    return platforms;
  }

  /** A registered platform that could not even be loaded. */
  private record Broken(Throwable error) implements Platform {
    @Override public String name() { return "a registered platform"; }
    @Override public String unavailabilityCause() { return "cannot be loaded: " + error.getMessage(); }
    @Override public dev.holofs.spi.Collation requiredCollation() { return null; }
    @Override public Mount mount(Projection projection, java.nio.file.Path mountpoint) {
      throw new IllegalStateException(unavailabilityCause());
    }
  }
}
