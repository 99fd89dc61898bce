package dev.holofs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./holofs} launcher's JVM settings: run from a copy of the checkout's layout with a
 * {@code java} that records how it was called, then those options given to the real JVM.
 */
class LauncherTest {

  private static final Path LAUNCHER = Path.of("..", "holofs").toAbsolutePath().normalize();

  @TempDir
  Path root;
  private Path calls;

  @BeforeEach
  void layout() throws Exception {
    Files.copy(LAUNCHER, root.resolve("holofs"));
    Files.createDirectories(root.resolve("cli/target"));
    Files.write(root.resolve("cli/target/holofs.jar"), new byte[] {'P', 'K', 5, 6}); // never run
    // Built long ago: every class list and archive a launch writes is newer.
    Files.setLastModifiedTime(root.resolve("cli/target/holofs.jar"), FileTime.fromMillis(0));
    Path bin = Files.createDirectories(root.resolve("bin"));
    calls = root.resolve("calls");
    // Records its arguments (one a line) and MALLOC_ARENA_MAX, for -jar runs only, and writes the
    // class list one names; every call's arguments on one line in dumps; a class-data dump writes
    // the archive it names.
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$*\" >> '" + root.resolve("dumps") + "'\n"
        + "case \" $* \" in *' -jar '*) printf '%s\\n' \"$@\" > '" + calls
        + "'; echo \"MALLOC_MMAP_THRESHOLD_=$MALLOC_MMAP_THRESHOLD_\" >> '" + calls
        + "'; echo \"MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX\" >> '" + calls + "'\n"
        + "    for a; do case $a in -XX:DumpLoadedClassList=*) echo 'java/lang/Object id: 0' > \"${a#*=}\";;"
        + " esac; done ;;\n"
        + "  *' -Xshare:dump '*) for a; do case $a in -XX:SharedArchiveFile=*) echo jsa > \"${a#*=}\";;"
        + " esac; done ;;\nesac\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The options the launcher gives java for {@code args}, up to {@code -jar}; then its malloc settings. */
  private List<String> launch(Map<String, String> env, String... args) throws Exception {
    Files.deleteIfExists(calls); // a run that never reached java must not read an earlier one's
    run(env, args);
    List<String> lines = Files.readAllLines(calls);
    List<String> options = new ArrayList<>(lines.subList(0, lines.indexOf("-jar")));
    options.addAll(lines.subList(lines.size() - 2, lines.size()));
    return options;
  }

  /** Runs the launcher with {@code args}; what it printed. */
  private String run(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(root.resolve("holofs").toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("HOLOFS_JAVA_OPTS");
    pb.environment().remove("HOLOFS_PRINT_COMMAND");
    pb.environment().remove("MALLOC_ARENA_MAX");
    pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
    pb.environment().remove("MALLOC_TRIM_THRESHOLD_");
    pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void aZipMountGetsAHeapThatGrowsOnlyAsNeededSerialGcTwoMallocArenasAndC1() throws Exception {
    List<String> options = launch(Map.of(), "mount", "zip:a.zip", "/mnt/a");
    assertThat(options).contains("-Xms16m", "-Xmx1g", "-XX:MaxHeapFreeRatio=20",
        "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
        "-Xss512k", "MALLOC_ARENA_MAX=2", "MALLOC_MMAP_THRESHOLD_=131072",
        "-XX:TieredStopAtLevel=1", "-Djna.platform.library.path=");
    assertThat(flag(options, "MaxHeapSize")).isEqualTo(String.valueOf(1 << 30));
    assertThat(flag(options, "MaxNewSize")).isEqualTo(String.valueOf(6 << 20));
    assertThat(flag(options, "MaxHeapFreeRatio")).isEqualTo("20");
    assertThat(flag(options, "UseSerialGC")).isEqualTo("true");
    assertThat(flag(options, "TieredStopAtLevel")).isEqualTo("1");
  }

  @Test
  void aDemoMountKeepsBothCompilers() throws Exception {
    assertThat(launch(Map.of(), "mount", "demo:", "/mnt/d")).contains("-Xmx1g", "-Xmn6m",
        "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void holofsJavaOptsComeLastAndWin() throws Exception {
    List<String> options = launch(Map.of("HOLOFS_JAVA_OPTS", "-Xmx128m -XX:+UseG1GC",
        "MALLOC_ARENA_MAX", "4"), "mount", "zip:a.zip", "/mnt/a");
    assertThat(options.indexOf("-Xmx128m")).isGreaterThan(options.indexOf("-Xmx1g"));
    assertThat(options).contains("MALLOC_ARENA_MAX=4");
    assertThat(flag(options, "MaxHeapSize")).isEqualTo(String.valueOf(128 << 20));
    assertThat(flag(options, "UseG1GC")).isEqualTo("true");
  }

  @Test
  void s3AndVfsSourcesGetTheHeapTheirBuffersNeed() throws Exception {
    assertThat(launch(Map.of(), "mount", "--endpoint", "http://127.0.0.1:9000", "s3://b/p", "/mnt/b"))
        .contains("-Xmx384m", "-XX:TieredStopAtLevel=1", "MALLOC_MMAP_THRESHOLD_=")
        .doesNotContain("-Xmx1g", "-Xmn6m", "MALLOC_MMAP_THRESHOLD_=131072");
    List<String> vfs = launch(Map.of(), "mount", "vfs:sftp://me@host/srv", "/mnt/c");
    assertThat(vfs).contains("-Xmx256m", "-XX:Tier4InvocationThreshold=20000")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void severalSharesGetTheSameOptionsInAnyOrder() throws Exception {
    List<String> s3ThenZip = launch(Map.of(), "vm", "run", "--share", "a=s3://b",
        "--share", "z=zip:x.zip");
    assertThat(s3ThenZip).contains("-Xmx384m", "-XX:MaxDirectMemorySize=128m",
        "-XX:TieredStopAtLevel=1");
    assertThat(launch(Map.of(), "vm", "run", "--share", "z=zip:x.zip", "--share", "a=s3://b"))
        .isEqualTo(s3ThenZip);
    // C1 alone only when every source wants it: a demo: or vfs: share keeps C2.
    assertThat(launch(Map.of(), "vm", "run", "--share", "z=zip:x.zip", "--share", "d=demo:"))
        .contains("-Xmx1g").doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(launch(Map.of(), "vm", "run", "--share", "a=s3://b", "--share", "v=vfs:sftp://h/"))
        .contains("-Xmx384m", "-XX:MaxDirectMemorySize=128m")
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void theFirstMountListsItsClassesAndALaterOneMapsAStaticArchiveOfThem() throws Exception {
    Path target = root.resolve("cli/target");
    List<String> first = launch(Map.of(), "mount", "demo:", "/mnt/d");
    // Not a dynamic archive written at exit: JDK 17 keeps methods queued for compilation at that
    // moment marked as queued in it, and they are never compiled again (JDK-8306460).
    assertThat(first).noneMatch(o -> o.contains("ArchiveClassesAtExit"))
        .anyMatch(o -> o.startsWith("-XX:DumpLoadedClassList=" + target.resolve("holofs-demo.classlist.")));
    Path list = writtenList(first);
    // An older launcher's (one archive for every kind) left by a process that is gone.
    long gone = gonePid();
    Path oldList = Files.writeString(target.resolve("holofs.classlist." + gone + ".tmp"), "");
    Path oldArchive = Files.writeString(target.resolve("holofs.jsa." + gone + ".tmp"), "");

    List<String> next = launch(Map.of(), "mount", "demo:", "/mnt/d");
    assertThat(Files.readAllLines(root.resolve("dumps"))).anyMatch(call -> call.startsWith("-Xshare:dump")
        && call.contains("-XX:SharedClassListFile=" + list) && call.contains("-XX:+UseSerialGC"));
    assertThat(next).contains("-XX:SharedArchiveFile=" + target.resolve("holofs-demo.jsa"))
        .noneMatch(o -> o.contains("ClassList"));
    assertThat(list).doesNotExist();
    assertThat(oldList).doesNotExist();
    assertThat(oldArchive).doesNotExist();
  }

  @Test
  void eachSetOfSourceKindsGetsAnArchiveOfItsOwnClasses() throws Exception {
    Path target = root.resolve("cli/target");
    Path zipList = writtenList(launch(Map.of(), "mount", "zip:a.zip", "/mnt/a"));
    assertThat(launch(Map.of(), "mount", "zip:a.zip", "/mnt/a"))
        .contains("-XX:SharedArchiveFile=" + target.resolve("holofs-zip.jsa"));
    assertThat(zipList).doesNotExist();

    // A zip: archive holds no AWS SDK: the first s3:// mount lists its own classes, not maps it.
    List<String> s3 = launch(Map.of(), "mount", "--endpoint", "http://127.0.0.1:9000", "s3://b", "/mnt/b");
    assertThat(s3).noneMatch(o -> o.contains("SharedArchiveFile"))
        .anyMatch(o -> o.startsWith("-XX:DumpLoadedClassList=" + target.resolve("holofs-s3.classlist.")));
    Path s3List = writtenList(s3);
    assertThat(launch(Map.of(), "mount", "s3://b", "/mnt/b"))
        .contains("-XX:SharedArchiveFile=" + target.resolve("holofs-s3.jsa"));
    assertThat(Files.readAllLines(root.resolve("dumps")))
        .anyMatch(call -> call.startsWith("-Xshare:dump") && call.contains("=" + s3List)
            && call.contains("-XX:MaxDirectMemorySize=128m"));
    // Both archives stay, each mapped by its own kind.
    assertThat(launch(Map.of(), "mount", "zip:b.zip", "/mnt/a"))
        .contains("-XX:SharedArchiveFile=" + target.resolve("holofs-zip.jsa"));

    // Only a mount (one source) lists classes: a set of kinds no mount has maps the archive of
    // kinds within it, a command without a source any archive, and neither writes a list.
    assertThat(launch(Map.of(), "vm", "run", "--share", "a=s3://b", "--share", "z=zip:x.zip"))
        .containsAnyOf("-XX:SharedArchiveFile=" + target.resolve("holofs-s3.jsa"),
            "-XX:SharedArchiveFile=" + target.resolve("holofs-zip.jsa"))
        .noneMatch(o -> o.contains("ClassList"));
    assertThat(launch(Map.of(), "vm", "run", "--share", "a=s3://b", "--share", "v=vfs:sftp://h/"))
        .contains("-XX:SharedArchiveFile=" + target.resolve("holofs-s3.jsa"));
    assertThat(launch(Map.of(), "vm", "run", "--share", "d=demo:", "--share", "v=vfs:sftp://h/"))
        .noneMatch(o -> o.contains("SharedArchiveFile") || o.contains("ClassList"));
    assertThat(launch(Map.of(), "providers"))
        .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=" + target.resolve("holofs-")))
        .noneMatch(o -> o.contains("ClassList"));

    // A new jar: every kind's archive is stale, and the next start removes them all.
    Files.setLastModifiedTime(target.resolve("holofs.jar"),
        FileTime.fromMillis(System.currentTimeMillis() + 60_000));
    launch(Map.of(), "mount", "demo:", "/mnt/d");
    assertThat(target.resolve("holofs-zip.jsa")).doesNotExist();
    assertThat(target.resolve("holofs-s3.jsa")).doesNotExist();
  }

  @Test
  void printCommandPrintsWhatWouldRunAndRunsNothing() throws Exception {
    launch(Map.of(), "mount", "zip:a.zip", "/mnt/a"); // lists its classes
    launch(Map.of(), "mount", "zip:a.zip", "/mnt/a"); // dumps and maps the archive
    List<String> ran = Files.readAllLines(calls);
    Files.delete(calls);
    List<String> dumps = Files.readAllLines(root.resolve("dumps"));

    String printed = run(Map.of("HOLOFS_PRINT_COMMAND", "1"), "mount", "zip:a.zip", "/mnt/a");
    assertThat(calls).doesNotExist();
    assertThat(Files.readAllLines(root.resolve("dumps"))).isEqualTo(dumps); // java never ran
    List<String> expected = new ArrayList<>(List.of("MALLOC_ARENA_MAX=2",
        "MALLOC_MMAP_THRESHOLD_=131072", "MALLOC_TRIM_THRESHOLD_=131072", "java"));
    expected.addAll(ran.subList(0, ran.size() - 2)); // its arguments, not the two malloc lines
    assertThat(printed.lines()).containsExactlyElementsOf(expected)
        .contains("-XX:SharedArchiveFile=" + root.resolve("cli/target/holofs-zip.jsa"));

    // A kind with no archive yet: no class list named after the printing launcher, whose pid is
    // gone once it exits (a later run would dump whatever ran the printed line into the archive).
    assertThat(run(Map.of("HOLOFS_PRINT_COMMAND", "1"), "mount", "demo:", "/mnt/d").lines())
        .contains("java").noneMatch(o -> o.contains("ClassList"));
    assertThat(Files.readAllLines(root.resolve("dumps"))).isEqualTo(dumps);
  }

  /** The class list a launch with {@code options} wrote, in a process now gone. */
  private static Path writtenList(List<String> options) {
    String option = options.stream().filter(o -> o.startsWith("-XX:DumpLoadedClassList="))
        .findFirst().orElseThrow(() -> new AssertionError("no class list in " + options));
    Path list = Path.of(option.substring(option.indexOf('=') + 1));
    assertThat(list).exists();
    return list;
  }

  /** The id of a process that has ended. */
  private static long gonePid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    assertThat(gone.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return gone.pid();
  }

  /** The value the real JVM gives {@code name} under {@code options} (the launcher's, minus the malloc lines). */
  private static String flag(List<String> options, String name) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // JVM options, not the class list it would write nor the archive this test never dumped
    options.stream().filter(o -> o.startsWith("-X") && !o.startsWith("-XX:SharedArchiveFile=")
        && !o.startsWith("-XX:DumpLoadedClassList="))
        .forEach(command::add);
    command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    for (String line : out.split("\n")) {
      String[] words = line.trim().split("\\s+");
      if (words.length >= 4 && words[1].equals(name)) {
        return words[3];
      }
    }
    throw new AssertionError(name + " not in " + out);
  }
}
