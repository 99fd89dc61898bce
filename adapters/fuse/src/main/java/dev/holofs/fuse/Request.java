package dev.holofs.fuse;

/**
 * The header of one kernel request, and the fd it was read from: its reply must be written there.
 */
record Request(int fd, int opcode, long unique, long nodeid, int uid, int gid, int pid) {

  @Override
  public String toString() {
    return "Request[op " + opcode + " #" + unique + " node " + nodeid + " pid " + pid + "]";
  }
}
