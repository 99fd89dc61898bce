package dev.holofs.hcs;

import dev.holofs.Mount;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Devices;
import dev.holofs.hcs.schema.Plan9Share;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of a VM's 9p shares: projections mounted before QEMU opens them and unmounted
 * after it stopped, and the hot-plug slots that shares added at runtime fill.
 */
final class QemuShares implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QemuShares.class);

  private final Path stateDir;
  private final List<Path> slots = new ArrayList<>();
  private final String[] slotShares;
  private final Map<String, Path> shared = new LinkedHashMap<>();
  private final List<Mount> mounts = new ArrayList<>();

  QemuShares(Path stateDir) {
    this.stateDir = stateDir;
    int count = QemuCommandLine.READ_ONLY_SLOTS + QemuCommandLine.WRITABLE_SLOTS;
    for (int i = 0; i < count; i++) {
      slots.add(stateDir.resolve("hot" + i));
    }
    slotShares = new String[count];
  }

  /** Mounts the document's projected shares; the host directory of every share by name. */
  synchronized Map<String, Path> mountInitial(ComputeSystemDocument document)
      throws IOException, HcsException {
    Devices devices = document.virtualMachine().devices();
    if (devices == null || devices.plan9() == null) {
      return Map.of();
    }
    List<Plan9Share> list = devices.plan9().shares();
    for (int i = 0; i < list.size(); i++) {
      Plan9Share share = list.get(i);
      shared.put(share.name(), hostDirectory(share,
          "VirtualMachine.Devices.Plan9.Shares[" + i + "].Path", null));
    }
    return Map.copyOf(shared);
  }

  /** The fsdev slots declared at launch; their paths do not exist until a share fills them. */
  List<Path> hotSlots() {
    return List.copyOf(slots);
  }

  /** Fills a free slot with {@code share}; returns the slot's fsdev (and device) id. */
  synchronized String plugIn(Plan9Share share) throws IOException, HcsException {
    if (shared.containsKey(share.name())) {
      throw new HcsException(HResults.E_INVALIDARG,
          "Settings.Name: '" + share.name() + "' is shared already");
    }
    int first = share.readOnly() ? 0 : QemuCommandLine.READ_ONLY_SLOTS;
    int end = share.readOnly() ? QemuCommandLine.READ_ONLY_SLOTS : slots.size();
    for (int i = first; i < end; i++) {
      if (slotShares[i] == null) {
        Path slot = slots.get(i);
        Path dir = hostDirectory(share, "Settings.Path", slot);
        if (!dir.equals(slot)) {
          Files.createSymbolicLink(slot, dir);  // the device opens the slot path when added
        }
        slotShares[i] = share.name();
        shared.put(share.name(), dir);
        return "hot" + i;
      }
    }
    throw new HcsException(HResults.HCS_E_SYSTEM_NOT_CONFIGURED_FOR_OPERATION,
        "Settings: no free " + (share.readOnly() ? "read-only" : "writable")
            + " hot-plug slot left (" + (end - first) + " per VM)");
  }

  /** Undoes a {@link #plugIn} whose device QEMU refused. */
  synchronized void unplug(String name) {
    for (int i = 0; i < slotShares.length; i++) {
      if (name.equals(slotShares[i])) {
        slotShares[i] = null;
        Path dir = shared.remove(name);
        unmount(dir);
        try {
          Files.deleteIfExists(slots.get(i));
        } catch (IOException e) {
          LOG.warn("could not remove {}", slots.get(i), e);
        }
      }
    }
  }

  synchronized List<String> names() {
    return List.copyOf(shared.keySet());
  }

  /** Mounts a projected share (at its Path, else at {@code preferred} or a fresh directory). */
  private Path hostDirectory(Plan9Share share, String field, Path preferred)
      throws IOException, HcsException {
    if (share.projection() == null) {
      Path dir = Path.of(share.path()).toAbsolutePath();
      if (!Files.isDirectory(dir)) {
        throw new HcsException(HResults.E_INVALIDARG, field + ": not a directory: " + dir);
      }
      return dir;
    }
    Path dir = share.path() != null ? Path.of(share.path()).toAbsolutePath()
        : preferred != null ? preferred : stateDir.resolve("share-" + share.name());
    Files.createDirectories(dir);
    mounts.add(share.projection().mount(dir));
    return dir;
  }

  private void unmount(Path dir) {
    mounts.removeIf(mount -> {
      if (!mount.mountpoint().equals(dir)) {
        return false;
      }
      close(mount);
      return true;
    });
  }

  /** Unmounts every projection; call only once QEMU has stopped. */
  @Override
  public synchronized void close() {
    mounts.forEach(QemuShares::close);
    mounts.clear();
  }

  private static void close(Mount mount) {
    try {
      mount.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not unmount {}", mount.mountpoint(), e);
    }
  }
}
