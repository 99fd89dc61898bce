package dev.holofs.fuse;

import dev.holofs.engine.QuietLog;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes entries from the provider (through the engine) into a {@link Listing} while they fit in
 * one READDIR reply, so a listing fetches no further ahead than the kernel reads.
 */
final class ListingSink implements EntrySink {

  private static final Logger log = LoggerFactory.getLogger(ListingSink.class);

  private final Listing h;
  private final boolean plus;
  /** Entries taken whatever their size: those before the offset asked for. */
  private int toSkip;
  /** Bytes left in the reply for the entries after them. */
  private int room;
  boolean refused;
  volatile boolean closed;

  ListingSink(Listing h, int toSkip, int room, boolean plus) {
    this.h = h;
    this.toSkip = toSkip;
    this.room = room;
    this.plus = plus;
  }

  // Not synchronized: the engine's sink serializes adds with the command's end, and refuses
  // them once it has ended, before the answer reaches this adapter.
  @Override
  public boolean add(String name, PlaceholderInfo info) {
    if (closed) {
      throw new IllegalStateException("the readdir was answered");
    }
    if (!Codec.isUtf8(name)) { // a lone surrogate: its node's path would not be the name listed
      skip("skipping a name that is not Unicode", name);
      return true;
    }
    byte[] bytes = Codec.utf8(name);
    if (bytes.length > Protocol.NAME_MAX_BYTES) { // the kernel would refuse the whole reply
      skip("skipping a name of " + bytes.length + " bytes", name);
      return true;
    }
    if (toSkip > 0) {
      toSkip--;
    } else {
      int n = Codec.direntSize(bytes.length, plus);
      if (n > room) {
        refused = true;
        return false;
      }
      room -= n;
    }
    h.entries.add(new Listing.Entry(name, bytes, info, false));
    return true;
  }

  private void skip(String why, String name) {
    if (!h.warnedSkipped) { // not again at each rewind of the listing
      h.warnedSkipped = true;
      QuietLog.warn(log, "listing /{}: {}, \"{}\"", Printable.of(h.path.toString()), why,
          Printable.of(name, 80));
    }
  }
}
