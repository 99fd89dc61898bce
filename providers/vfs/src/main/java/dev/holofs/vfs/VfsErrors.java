package dev.holofs.vfs;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import dev.holofs.spi.Printable;
import dev.holofs.spi.ProjectedPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

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
    String where = path.isRoot() ? "" : "/" + Printable.of(path.toString());
    IOException io = new IOException(source + where + ": " + message(e));
    return io;
  }

  /** What failed and why: the message of {@code e} and of its root cause, on one line, no password. */
  String message(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = line(e);
    String cause = line(root);
    String joined = top == null ? (cause == null ? e.getClass().getSimpleName() : cause)
        : cause == null || top.contains(cause) ? top : top + ": " + cause;
    return Printable.of(scrub(Printable.withoutPassword(joined)), 1024);
  }

  /** A message on one line without its exception-class prefix or final period; null if none. */
  private static String line(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return null;
    }
    return m.strip().replaceAll("\\s*\\R\\s*", " ").replaceFirst("^[\\w.$]+(Exception|Error): ", "")
        .replaceFirst("\\.$", "");
  }

  private String scrub(String text) {
    if (password == null || password.length == 0) {
      return text;
    }
    return text.replace(new String(password), "***");
  }
}
