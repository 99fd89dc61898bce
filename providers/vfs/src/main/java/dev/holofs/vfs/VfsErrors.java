package dev.holofs.vfs;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import dev.holofs.spi.ProjectedPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Commons VFS failures as the JDK exceptions holofs maps to errno: a missing item is
 * {@link NoSuchFileException}, a refused one {@link AccessDeniedException}, anything else an
 * {@link IOException} whose one-line message names the source without its password.
 */
final class VfsErrors {

  private final String source;
  private final char[] password;

  /** Errors of the source shown as {@code source} (already without password); {@code password} is scrubbed. */
  VfsErrors(String source, char[] password) {
    this.source = source;
    this.password = password;
  }

  /** {@code e} as the exception to throw for {@code path}. */
  IOException translate(Throwable e, ProjectedPath path) {
    if (e instanceof FileSystemException already) { // NoSuchFileException and kin, already right
      return already;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof FileNotFoundException
          || t instanceof SftpException s && s.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
        return new NoSuchFileException(path.toString());
      }
      if (t instanceof SftpException s && s.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
        return new AccessDeniedException(path.toString());
      }
    }
    IOException io = new IOException(source + (path.isRoot() ? "" : "/" + path) + ": " + message(e));
    return io;
  }

  /** The messages of {@code e} and its causes, each once, on one line, password removed. */
  String message(Throwable e) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null || m.isBlank()) {
        continue;
      }
      String line = m.strip().replaceAll("\\s*\\R\\s*", " ").replaceFirst("^[\\w.]+Exception: ", "");
      // Wrappers repeat their cause's message: keep each distinct statement once.
      if (parts.stream().noneMatch(p -> p.contains(line))) {
        parts.add(line);
      }
    }
    String joined = parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    return Printable.escape(scrub(Printable.withoutPassword(joined)));
  }

  private String scrub(String text) {
    if (password == null || password.length == 0) {
      return text;
    }
    return text.replace(new String(password), "***");
  }
}
