package dev.holofs.spi;

import java.io.IOException;

/**
 * A source of projected files: it answers four questions and holofs turns the answers into a real
 * directory (FUSE on Linux, ProjFS on Windows).
 *
 * <p>Every callback may answer <em>synchronously</em>, by returning (or throwing), or
 * <em>asynchronously</em>, by handing a {@link java.util.concurrent.CompletionStage} to
 * {@link Command#defer} and returning at once; the command is then completed from whatever thread
 * completes the stage. This is ProjFS's {@code ERROR_IO_PENDING} + {@code PrjCompleteCommand}.
 *
 * <p>Errors are the JDK's own: {@link java.nio.file.NoSuchFileException},
 * {@link java.nio.file.AccessDeniedException}, {@link IOException}. Anything else fails only the
 * one request (as an I/O error) and is logged with its path.
 *
 * <p>A minimal synchronous provider:
 * <pre>{@code
 * class Hello implements Provider {
 *   public void enumerate(EnumerationRequest request, EntrySink sink) {
 *     if (request.directory().isRoot() && request.resumeAfter() == null) {
 *       sink.add("hello.txt", PlaceholderInfo.file(6).build());
 *     }
 *   }
 *   public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) {
 *     return path.toString().equals("hello.txt") ? PlaceholderInfo.file(6).build() : null;
 *   }
 *   public void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink)
 *       throws IOException {
 *     ByteBuffer bytes = ByteBuffer.wrap("hello\n".getBytes());
 *     bytes.position((int) Math.min(offset, 6)).limit((int) Math.min(6, offset + length));
 *     sink.write(bytes);
 *   }
 * }
 * }</pre>
 */
public interface Provider {

  /**
   * Lists (part of) a directory: ProjFS's GET_DIRECTORY_ENUMERATION, FUSE's READDIR.
   *
   * <p>Add entries to {@code sink} in {@link EnumerationRequest#collation() collation order},
   * starting strictly after {@link EnumerationRequest#resumeAfter()} (null: from the beginning).
   * When {@link EntrySink#add} returns {@code false} the buffer is full: stop; the next call of
   * this session resumes after the last accepted name. Returning without adding anything means the
   * listing is complete. Entries the search expression does not match are filtered by holofs;
   * a provider may skip them itself.
   *
   * @throws java.nio.file.NoSuchFileException if the directory does not exist
   * @throws java.nio.file.NotDirectoryException if the path is not a directory
   */
  void enumerate(EnumerationRequest request, EntrySink sink) throws IOException;

  /**
   * Describes one item: ProjFS's GET_PLACEHOLDER_INFO, FUSE's LOOKUP.
   *
   * @return the item's information, or {@code null} if there is no such item
   */
  PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) throws IOException;

  /**
   * Delivers bytes of a file: ProjFS's GET_FILE_DATA, FUSE's READ.
   *
   * <p>Write the bytes of {@code [offset, offset + length)} to {@code sink}, or fewer if the file
   * ends first; fewer bytes mean end of file. Writes may come in any number of pieces.
   * {@link Command#version()} is the version the item's placeholder was given.
   */
  void getFileData(Command command, ProjectedPath path, long offset, int length, DataSink sink)
      throws IOException;

  /**
   * Tells the provider that a command it was handed has been cancelled (ProjFS's CANCEL_COMMAND,
   * FUSE's INTERRUPT). It arrives only after the callback was invoked, possibly concurrently with
   * it; ids of unknown or finished commands may arrive and must be ignored. Completing a cancelled
   * command afterwards is a harmless no-op. The same signal is also visible through
   * {@link Command#isCancelled()} and {@link Command#onCancel(Runnable)}.
   */
  default void cancel(long commandId) {}

  /**
   * Whether {@link #enumerate} and {@link #getPlaceholder} answer from memory once the provider
   * is ready: an archive whose directory is read, an in-memory tree. Anything they may still wait
   * for (a directory being read in the background, a symlink's target read the first time) they
   * wait for as {@link Command#blocking} work, never otherwise. Where requests come
   * from threads other than a platform's receiving threads (the testkit's driver, say), holofs
   * then runs them on the calling thread when one of the {@code ConcurrentThreadCount} slots is
   * free, instead of handing them to a pool thread. On FUSE every callback already runs on the
   * reader that received it while a slot is free, and moves off it when it calls
   * {@link Command#blocking}. Default: false.
   */
  default boolean answersMetadataFromMemory() {
    return false;
  }

  /**
   * Whether everything this provider answers stays the same for as long as it is mounted: the
   * names in each directory, each item's {@link PlaceholderInfo} and each file's bytes. An archive
   * opened read-only or a generated tree can promise this; a view of a store that others write to
   * cannot. Default: false.
   *
   * <p>On FUSE, a provider that promises it lets the kernel keep names, attributes, "no such
   * name" answers, listings and file pages indefinitely (instead of for one second): after the
   * first lookup, listing or read, the same request no longer reaches the provider. The mount's
   * own cache timeouts, when set, still win. On ProjFS this changes nothing: a hydrated
   * placeholder always stays until the provider replaces it. Either way
   * {@code Mount.updateFileIfNeeded} and {@code Mount.deleteFile} still drop what was kept.
   */
  default boolean isImmutable() {
    return false;
  }

  /**
   * A directory enumeration session began (ProjFS's START_DIRECTORY_ENUMERATION, FUSE's OPENDIR).
   * Most providers need nothing here.
   */
  default void startEnumeration(EnumerationSession session) throws IOException {}

  /**
   * A session ended (ProjFS's END_DIRECTORY_ENUMERATION, FUSE's RELEASEDIR, or the mount
   * closing). holofs delivers this exactly once for every started session, cancelled or not.
   */
  default void endEnumeration(EnumerationSession session) {}
}
