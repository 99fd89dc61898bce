/**
 * The least a JVM can run, for benchmarks/floor: writes one byte to stdout as {@code main}'s first
 * act (the harness times its arrival), and with {@code jna} binds libc as the FUSE adapter does
 * (its own {@code LibC} class, found on the holofs jar) and writes another; with {@code sleep} it
 * then waits for stdin to close, so that its resident memory can be read while it idles.
 * Nothing else: every class it loads is part of the floor it measures.
 */
public final class Floor {

  private Floor() {}

  /** Runs as the arguments say: none, {@code jna}, {@code sleep}, or both. */
  public static void main(String[] args) throws Exception {
    System.out.write('m');
    System.out.flush();
    boolean jna = args.length > 0 && "jna".equals(args[0]);
    if (jna) {
      Class.forName("dev.holofs.fuse.LibC", true, Floor.class.getClassLoader());
      System.out.write('b');
      System.out.flush();
    }
    if (args.length > (jna ? 1 : 0)) { // sleep
      System.out.write('s');
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the harness closes stdin
      }
    }
  }
}
