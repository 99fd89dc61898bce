package dev.holofs.fuse;

import dev.holofs.fuse.NodeTable.Node;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a READDIR or READDIRPLUS reply from a {@link Listing}'s kept entries, handing nodes as
 * {@link ListedNodes} decides. Kept apart from fetching so that a failing encoding can take back
 * the lookups it counted: the kernel links none of the nodes of a reply answered EIO.
 */
final class ListingEncoder {

  private final NodeTable nodes;
  private final Codec codec;

  ListingEncoder(NodeTable nodes, Codec codec) {
    this.nodes = nodes;
    this.codec = codec;
  }

  /**
   * Encodes entries of {@code h} from index {@code first} while they fit in {@code size} bytes;
   * {@code fileNodes}: whether files get nodes ({@link ListedNodes#forFiles}). If it fails, the
   * nodes it counted as looked up are forgotten again.
   */
  void encode(ByteBuffer bytes, Listing h, int first, int size, boolean plus, boolean fileNodes) {
    List<Long> counted = null; // made at the first node handed out: most replies hand out none
    int limit = bytes.position() + size;
    try {
      for (int i = first; i < h.entries.size(); i++) {
        Listing.Entry e = h.entries.get(i);
        if (bytes.position() + Codec.direntSize(e.bytes().length, plus) > limit) {
          break;
        }
        long cookie = i + 1;
        if (e.dots()) {
          long ino = e.name().equals(".") ? h.dir.id : parentId(h.dir);
          if (plus) {
            codec.direntPlus(bytes, 0, ino, cookie, e.info(), e.bytes());
          } else {
            Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info()), e.bytes());
          }
          continue;
        }
        Node node = ListedNodes.needsLive(e.info(), plus) ? nodes.find(h.dir, e.name()) : null;
        if (plus && ListedNodes.gets(e.info(), node, fileNodes)) {
          // the kernel counts each entry with a node as a lookup, and forgets it as one
          node = nodes.lookup(h.dir, e.name(), e.info());
          if (counted == null) {
            counted = new ArrayList<>();
          }
          counted.add(node.id);
          codec.direntPlus(bytes, node.id, node.id, cookie, e.info(), e.bytes());
          continue;
        }
        long ino = node == null ? Codec.UNKNOWN_INO : node.id;
        if (plus) {
          codec.direntPlus(bytes, 0, ino, cookie, e.info(), e.bytes()); // a name only: no node
        } else {
          Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info()), e.bytes());
        }
      }
    } catch (RuntimeException | Error e) {
      if (counted != null) {
        counted.forEach(id -> nodes.forget(id, 1));
      }
      throw e;
    }
  }

  private static long parentId(Node dir) {
    return dir.parent == null ? Protocol.ROOT_ID : dir.parent.id;
  }
}
