package dev.holofs.hcs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The small Linux guest built by {@code hcs/guest/build-guest.sh}: a Debian kernel and a busybox
 * initramfs whose init mounts every 9p share at {@code /mnt/NAME}, runs the command given on the
 * kernel command line, prints {@code holofs-exit=STATUS} and powers off.
 *
 * @param kernel the kernel image
 * @param initrd the initramfs
 */
public record GuestImage(Path kernel, Path initrd) {

  /** How users build the guest. */
  public static final String BUILD_HINT =
      "build it once with hcs/guest/build-guest.sh (Debian packages; cached in "
          + "~/.cache/holofs-guest), or give --kernel and --initrd";

  /** What the guest prints once the command ended: this, then the exit status. */
  public static final String EXIT_MARKER = "holofs-exit=";

  /**
   * The guest in {@code $HOLOFS_GUEST} (a directory with vmlinuz and initrd.img), else in
   * {@code ~/.cache/holofs-guest/current}.
   *
   * @throws HcsException {@code HCS_E_SERVICE_NOT_AVAILABLE} with how to build it, if missing
   */
  public static GuestImage find() throws HcsException {
    String configured = System.getenv("HOLOFS_GUEST");
    Path dir = configured != null ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".cache", "holofs-guest", "current");
    GuestImage image = new GuestImage(dir.resolve("vmlinuz"), dir.resolve("initrd.img"));
    if (!Files.isReadable(image.kernel) || !Files.isReadable(image.initrd)) {
      throw new HcsException(HResults.HCS_E_SERVICE_NOT_AVAILABLE,
          "no guest image in " + dir + "; " + BUILD_HINT);
    }
    return image;
  }

  /** The longest kernel command line x86 Linux takes ({@code COMMAND_LINE_SIZE}, with its NUL). */
  public static final int MAX_CMDLINE = 2047;

  /**
   * The kernel command line that runs {@code command} (null: a shell on the console).
   *
   * @throws IllegalArgumentException if the command does not fit on a kernel command line (a
   *     longer script belongs in a shared directory)
   */
  public static String kernelCmdLine(String command) {
    String base = "console=ttyS0 quiet panic=-1";
    if (command == null) {
      return base;
    }
    String line = base + " holofs.cmd="
        + Base64.getEncoder().encodeToString(command.getBytes(StandardCharsets.UTF_8));
    if (line.length() > MAX_CMDLINE) {
      throw new IllegalArgumentException("the guest command is too long for the kernel command"
          + " line (" + line.length() + " > " + MAX_CMDLINE + " bytes once encoded); put a longer"
          + " script in a shared directory and run that");
    }
    return line;
  }
}
