package dev.holofs.examples.demo;

import dev.holofs.examples.memory.ContentSource;
import dev.holofs.examples.memory.MemoryProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * The tree behind {@code holofs mount demo:}: a {@link MemoryProvider} whose every byte is fixed,
 * so a user, a test or a benchmark knows what each read must return.
 *
 * <pre>
 * README.txt          text ({@link #README}) describing this tree
 * hello.txt           "Hello from holofs!\n" ({@link #HELLO}, 19 bytes)
 * link-to-hello       symbolic link to "hello.txt"
 * 4k.bin              4,096 bytes: byte i is (i * 31 + 7) mod 256 ({@link #fourK()})
 * many/               1,000 files file-0000.txt … file-0999.txt;
 *                     file-NNNN.txt holds "This is file NNNN of 1000.\n" ({@link #manyContent(int)})
 * big/64m.bin         64 MiB (67,108,864 bytes) served on demand: a 1 MiB block repeated
 *                     64 times, whose 8 bytes at offset 8k are splitmix64(k) in
 *                     little-endian order ({@link #bigByte}, {@link #fillBig})
 * </pre>
 *
 * <p>Every item has the time {@link #TIME} and read-only permissions (0444 files, 0555
 * directories). {@code big/64m.bin} is served from its 1 MiB block, held off the heap and lent as
 * it is ({@link ContentSource#repeating(ByteBuffer)}): a FUSE read sends it from where it is, as a
 * server holding the file in memory would, without holding 64 MiB.
 */
public final class DemoTree {

  /** The time of every item: 2025-01-01T00:00:00Z. */
  public static final Instant TIME = Instant.parse("2025-01-01T00:00:00Z");

  /** The content of {@code hello.txt}. */
  public static final String HELLO = "Hello from holofs!\n";

  /** The content of {@code README.txt}. */
  public static final String README = String.join("\n",
      "This directory is projected by holofs from the demo: source.",
      "Nothing here is stored on disk: every listing and every byte comes from a Java provider.",
      "",
      "  README.txt      this file",
      "  hello.txt       one line of text",
      "  link-to-hello   a symbolic link to hello.txt",
      "  4k.bin          4,096 bytes: byte i is (i * 31 + 7) mod 256",
      "  many/           1,000 small files, file-0000.txt to file-0999.txt",
      "  big/64m.bin     64 MiB: a 1 MiB block (splitmix64 of each 8-byte word's index) 64 times",
      "",
      "Stop it with Ctrl-C in the terminal running holofs, or: holofs unmount MOUNTPOINT",
      "");

  /** The number of files in {@code many/}. */
  public static final int MANY = 1000;

  /** The size of {@code 4k.bin}. */
  public static final int FOUR_K_SIZE = 4096;

  /** The SHA-256 of {@code 4k.bin}, as {@code sha256sum} prints it. */
  public static final String FOUR_K_SHA256 =
      "d41d438c379110c7f7b2c561b1f04f26c1b4549110791f8e022f48974280c13e";

  /** The size of {@code big/64m.bin}: 64 MiB. */
  public static final long BIG_SIZE = 64L << 20;

  /** The size of the block {@code big/64m.bin} repeats: 1 MiB. */
  private static final int BIG_PERIOD = 1 << 20;

  /**
   * The block {@code big/64m.bin} repeats, computed (a few milliseconds) by the first
   * {@link #create}, {@link #bigByte} or {@link #fillBig}: not by a use of the constants above.
   */
  private static final class Block {
    static final ByteBuffer BYTES = bigBlock();
    static final ContentSource SOURCE = ContentSource.repeating(BYTES);
  }

  private DemoTree() {}

  /** A new provider holding the demo tree, frozen: it never changes. */
  public static MemoryProvider create() {
    MemoryProvider tree = new MemoryProvider().times(TIME);
    tree.file("README.txt", README.getBytes(StandardCharsets.UTF_8));
    tree.file("hello.txt", HELLO.getBytes(StandardCharsets.UTF_8));
    tree.symlink("link-to-hello", "hello.txt");
    tree.file("4k.bin", fourK());
    tree.directory("many");
    for (int i = 0; i < MANY; i++) {
      tree.file("many/" + manyName(i), manyContent(i).getBytes(StandardCharsets.UTF_8));
    }
    tree.file("big/64m.bin", BIG_SIZE, Block.SOURCE);
    return tree.freeze(); // every byte is fixed: the kernel may keep what it read
  }

  /** The bytes of {@code 4k.bin}. */
  public static byte[] fourK() {
    byte[] bytes = new byte[FOUR_K_SIZE];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    return bytes;
  }

  /** The name of file {@code i} of {@code many/}: {@code file-0042.txt}. */
  public static String manyName(int i) {
    return String.format(Locale.ROOT, "file-%04d.txt", i);
  }

  /** The content of file {@code i} of {@code many/}. */
  public static String manyContent(int i) {
    return String.format(Locale.ROOT, "This is file %04d of %d.\n", i, MANY);
  }

  /** The byte of {@code big/64m.bin} at {@code offset}. */
  public static byte bigByte(long offset) {
    return Block.BYTES.get((int) (offset % BIG_PERIOD));
  }

  /**
   * Fills the remaining bytes of {@code dst} with {@code big/64m.bin} from {@code offset}, or up
   * to its end if that comes first.
   */
  public static void fillBig(long offset, ByteBuffer dst) {
    int n = (int) Math.max(0, Math.min(dst.remaining(), BIG_SIZE - offset));
    try {
      Block.SOURCE.read(offset, dst.slice(dst.position(), n));
    } catch (IOException e) {
      throw new AssertionError("a repeating source reads from memory", e);
    }
    dst.position(dst.position() + n);
  }

  /** The 1 MiB block, direct and read-only: word k is splitmix64(k), little-endian. */
  private static ByteBuffer bigBlock() {
    ByteBuffer block = ByteBuffer.allocateDirect(BIG_PERIOD).order(ByteOrder.LITTLE_ENDIAN);
    for (int k = 0; block.hasRemaining(); k++) {
      block.putLong(splitmix64(k));
    }
    return block.flip().asReadOnlyBuffer();
  }

  /** SplitMix64's output for counter {@code k}: a cheap, well-mixed function of one long. */
  static long splitmix64(long k) {
    long z = (k + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
