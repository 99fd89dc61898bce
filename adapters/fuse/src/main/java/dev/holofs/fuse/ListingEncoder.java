package dev.holofs.fuse;

import java.nio.ByteBuffer;

/**
 * Encodes a READDIR or READDIRPLUS reply from a {@link Listing}'s kept entries, handing nodes as
 * {@link ListedNodes} decides, each counted in {@link HandedNodes} so the reply can take them back
 * if the kernel never gets it.
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
   * {@code fileNodes}: whether files get nodes ({@link ListedNodes#forFiles}); the nodes it hands
   * out are added to {@code handed}.
   */
  void encode(ByteBuffer bytes, Listing h, int first, int size, boolean plus, boolean fileNodes,
      HandedNodes handed) {
    int limit = bytes.position() + size;
    for (int i = first; i < h.entries.size(); i++) {
      Listing.Entry e = h.entries.get(i);
      if (bytes.position() + Codec.direntSize(e.bytes().length, plus) > limit) {
        break;
      }
      long cookie = i + 1;
      if (e.dots()) {
        long ino = e.name().equals(".") ? h.dir : nodes.parent(h.dir);
        if (ino == NodeTable.NONE) {
          ino = Codec.UNKNOWN_INO; // its parent was forgotten (see NodeTable)
        }
        if (plus) {
          codec.direntPlus(bytes, 0, ino, cookie, e.info(), e.bytes());
        } else {
          Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info()), e.bytes());
        }
        continue;
      }
      long node = ListedNodes.needsLive(e.info(), plus) ? nodes.find(h.dir, e.bytes()) : NodeTable.NONE;
      if (plus && ListedNodes.gets(e.info(), node, fileNodes)) {
        // the kernel counts each entry with a node as a lookup, and forgets it as one
        node = nodes.lookup(h.dir, e.bytes(), e.info());
        if (node != NodeTable.NONE) {
          handed.add(node);
          codec.direntPlus(bytes, node, node, cookie, e.info(), e.bytes());
          continue;
        }
      }
      long ino = node == NodeTable.NONE ? Codec.UNKNOWN_INO : node;
      if (plus) {
        codec.direntPlus(bytes, 0, ino, cookie, e.info(), e.bytes()); // a name only: no node
      } else {
        Codec.dirent(bytes, ino, cookie, Codec.direntType(e.info()), e.bytes());
      }
    }
  }
}
