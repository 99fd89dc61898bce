package dev.holofs.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code holofs --version}: the build's version (filtered in at build time) and the Java runtime. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"holofs " + version() + " (Java " + Runtime.version() + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"};
  }

  static String version() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version", "");
        if (!v.isEmpty() && !v.startsWith("${")) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through: a version is not worth failing for
    }
    return "unknown";
  }
}
