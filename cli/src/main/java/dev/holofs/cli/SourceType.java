package dev.holofs.cli;

import java.io.IOException;

/**
 * One kind of SOURCE that {@code holofs mount} accepts, named by its scheme: {@code demo:},
 * {@code zip:PATH}, later {@code s3://BUCKET/PREFIX} and {@code vfs:URI}. A SOURCE is
 * {@code scheme:argument}; the registry ({@link Sources}) finds the type by its scheme and hands
 * it the argument.
 */
interface SourceType {

  /** The scheme, without the colon: {@code zip}. */
  String scheme();

  /** How a SOURCE of this type is written, for help and errors: {@code zip:PATH}. */
  String usage();

  /** One line saying what it projects, for {@code holofs providers}. */
  String summary();

  /**
   * Opens the source named by {@code argument} (the text after {@code scheme:}).
   *
   * @throws UserException or {@link IOException} with a one-line message if it cannot be opened
   */
  OpenSource open(String argument) throws UserException, IOException;
}
