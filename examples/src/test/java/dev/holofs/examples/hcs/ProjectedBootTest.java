package dev.holofs.examples.hcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.Projection;
import dev.holofs.examples.demo.DemoTree;
import dev.holofs.hcs.ComputeSystem;
import dev.holofs.hcs.GuestImage;
import dev.holofs.hcs.HcsEvent;
import dev.holofs.hcs.Operation;
import dev.holofs.hcs.VirtualMachines;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.ModifySettingRequest;
import dev.holofs.hcs.schema.Plan9Share;
import dev.holofs.testkit.ExpectedTree;
import dev.holofs.testkit.KernelTests;
import dev.holofs.zip.ZipProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real boot: the guest hashes projected files (the demo tree, a zip archive) and a share added
 * at runtime; the hashes it prints on its serial console must be the provider's bytes.
 */
class ProjectedBootTest {

  private static final Duration WAIT = Duration.ofMinutes(5);

  @TempDir
  Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void guestReadsProjectedFilesAndAShareAddedAtRuntime() throws Exception {
    KernelTests.requireFuse();
    GuestImage guest = QemuTests.requireQemu();
    byte[] text = "zip entry\n".getBytes(StandardCharsets.UTF_8);
    byte[] binary = new byte[300_000];
    new java.util.Random(7).nextBytes(binary);
    Path archive = dir.resolve("sample.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      put(zip, "a.txt", text);
      put(zip, "dir/b.bin", binary);
    }
    Path late = Files.createDirectory(dir.resolve("late"));
    byte[] lateBytes = "added while running\n".getBytes(StandardCharsets.UTF_8);
    Files.write(late.resolve("late.txt"), lateBytes);
    Path console = dir.resolve("console.log");
    String command = "cd /mnt && sha256sum demo/4k.bin demo/big/64m.bin zip/a.txt zip/dir/b.bin"
        + " && i=0; while [ ! -e late/late.txt ] && [ $i -lt 1500 ]; do sleep 0.2; i=$((i+1));"
        + " done; sha256sum late/late.txt";

    ComputeSystemDocument document = VirtualMachines.linux(guest.kernel(), guest.initrd(),
        GuestImage.kernelCmdLine(command), 256, 1, console.toString());
    document = VirtualMachines.withProjectedShare(document, "demo",
        Projection.builder(DemoTree.create()).build());
    try (ZipProvider zipProvider = ZipProvider.open(archive)) {
      document = VirtualMachines.withProjectedShare(document, "zip",
          Projection.builder(zipProvider).build());
      try (Operation create = Operation.create();
          ComputeSystem system = ComputeSystem.create("boot-test", document, create)) {
        CompletableFuture<HcsEvent> exited = QemuTests.exitedEvent(system);
        create.waitForResult(WAIT);
        try (Operation start = Operation.create()) {
          system.start(start);
          start.waitForResult(WAIT);
        }
        try (Operation modify = Operation.create()) {
          system.modify(ModifySettingRequest.addShare(
              Plan9Share.of("late", late.toString(), true)), modify);
          modify.waitForResult(WAIT);
        }
        HcsEvent exit = exited.get(WAIT.toMinutes(), TimeUnit.MINUTES);
        assertThat(exit.eventData()).contains("\"ExitType\":\"GracefulExit\"");
      }
    }
    Map<String, String> hashes = hashes(Files.readString(console, StandardCharsets.ISO_8859_1));
    assertThat(hashes).containsEntry("demo/4k.bin", DemoTree.FOUR_K_SHA256)
        .containsEntry("demo/big/64m.bin", bigSha256())
        .containsEntry("zip/a.txt", ExpectedTree.sha256(text))
        .containsEntry("zip/dir/b.bin", ExpectedTree.sha256(binary))
        .containsEntry("late/late.txt", ExpectedTree.sha256(lateBytes));
    assertThat(Files.readString(console, StandardCharsets.ISO_8859_1))
        .contains(GuestImage.EXIT_MARKER + "0");
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** sha256sum's lines: "HASH  PATH". */
  private static Map<String, String> hashes(String log) {
    Map<String, String> hashes = new HashMap<>();
    for (String line : log.split("\r?\n")) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length == 2 && parts[0].matches("[0-9a-f]{64}")) {
        hashes.put(parts[1], parts[0]);
      }
    }
    return hashes;
  }

  private static String bigSha256() throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
    for (long at = 0; at < DemoTree.BIG_SIZE; at += buffer.capacity()) {
      buffer.clear();
      DemoTree.fillBig(at, buffer);
      buffer.flip();
      digest.update(buffer);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
