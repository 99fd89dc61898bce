package dev.holofs.hcs;

import java.util.Locale;

/** Picks this platform's engine. */
final class Engines {

  private Engines() {}

  static Engine current() throws HcsException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("linux")) {
      return new QemuEngine();
    }
    if (os.contains("windows")) {
      return ComputeCoreEngine.load();
    }
    throw new HcsException(HResults.HCS_E_SERVICE_NOT_AVAILABLE,
        "no compute engine for " + System.getProperty("os.name"));
  }
}
