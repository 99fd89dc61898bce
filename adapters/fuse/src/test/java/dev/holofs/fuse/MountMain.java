package dev.holofs.fuse;

import dev.holofs.Mount;
import dev.holofs.Projection;
import dev.holofs.testkit.TreeProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM for the tests that need another process (or another user) to serve a mount:
 * mounts a small tree on {@code args[0]}, prints {@code MOUNTED}, and unmounts when stdin says
 * {@code close} or ends, printing {@code CLOSED}.
 */
public final class MountMain {

  private MountMain() {}

  public static void main(String[] args) throws Exception {
    TreeProvider tree = new TreeProvider().file("hello.txt", "hello from a child\n").dir("sub")
        .file("sub/inner.txt", "inner\n");
    Mounter.Method method = args.length > 1 ? Mounter.Method.valueOf(args[1]) : Mounter.defaultMethod();
    try (Mount mount = FuseMount.mount(Projection.builder(tree).build(), Path.of(args[0]), method)) {
      System.out.println("MOUNTED " + mount.mountpoint());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !line.equals("close")) {
        // wait
      }
    } catch (java.io.IOException e) {
      System.out.println("FAILED " + e.getMessage());
      System.exit(2);
    }
    System.out.println("CLOSED");
  }
}
