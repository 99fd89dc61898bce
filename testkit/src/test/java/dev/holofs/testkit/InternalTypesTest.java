package dev.holofs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.Projection;
import java.io.IOException;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine and the platform seam stay internal: no public or protected signature of core's API
 * packages ({@code dev.holofs}, {@code dev.holofs.spi}) or of the testkit mentions a type of
 * {@code dev.holofs.engine} or {@code dev.holofs.platform}, and core's classes refer to no JNA and
 * no Guava. Checked on the compiled classes, by reflection and a class-file scan.
 */
class InternalTypesTest {

  private static final Set<String> API_PACKAGES = Set.of("dev.holofs", "dev.holofs.spi");
  private static final Set<String> INTERNAL_PACKAGES = Set.of("dev.holofs.engine", "dev.holofs.platform");

  @Test
  void noInternalTypeIsReachableFromTheApiOrTheTestkit() throws Exception {
    List<Class<?>> core = classesOf(Projection.class);
    List<Class<?>> testkit = classesOf(Driver.class);
    assertThat(core).extracting(Class::getPackageName).contains("dev.holofs.engine", "dev.holofs.spi");
    assertThat(testkit).contains(Driver.class, DirectoryHandle.PendingReaddir.class);

    Set<String> leaks = new TreeSet<>();
    for (Class<?> c : core) {
      if (API_PACKAGES.contains(c.getPackageName()) && isPublic(c)) {
        leaks.addAll(leaks(c));
      }
    }
    for (Class<?> c : testkit) {
      if (isPublic(c)) {
        leaks.addAll(leaks(c));
      }
    }
    assertThat(leaks).isEmpty();
  }

  @Test
  void theCheckSeesALeak() {
    // What the check would report if Driver still handed out its engine, say.
    assertThat(leaks(Leaky.class)).hasSize(2)
        .allMatch(s -> s.contains("dev.holofs.engine.Call") || s.contains("dev.holofs.engine.Engine"));
  }

  /** A public type with an engine type in two public signatures. */
  public static final class Leaky {
    public dev.holofs.engine.Engine engine() { return null; }
    public List<? extends dev.holofs.engine.Call<Long>> calls() { return List.of(); }
    dev.holofs.engine.Errors hidden() { return null; } // package-private: not API
  }

  @Test
  void coreRefersToNoJnaAndNoGuava() throws Exception {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = classFiles(codeRoot(Projection.class))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        // Class-file constant pools name referenced classes in internal form, in (modified) UTF-8.
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        if (text.contains("com/sun/jna/") || text.contains("com/google/common/")) {
          offenders.add(f.toString());
        }
      }
    }
    assertThat(offenders).isEmpty();
    // Nor does core bring them: the testkit depends on core (and test libraries) alone.
    assertThatThrownBy(() -> Class.forName("com.sun.jna.Native")).isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("com.google.common.collect.ImmutableList"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  /** Public or protected members of type {@code c} (and its supertypes) naming internal types. */
  private static List<String> leaks(Class<?> c) {
    List<String> out = new ArrayList<>();
    List<Type> header = new ArrayList<>();
    header.add(c.getGenericSuperclass());
    header.addAll(List.of(c.getGenericInterfaces()));
    for (Type t : header) {
      check(t, c.getName() + " extends/implements", out);
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f)) {
        check(f.getGenericType(), c.getName() + "." + f.getName(), out);
      }
    }
    List<Executable> executables = new ArrayList<>(List.of(c.getDeclaredConstructors()));
    executables.addAll(List.of(c.getDeclaredMethods()));
    for (Executable e : executables) {
      if (!visible(e) || e.isSynthetic()) {
        continue;
      }
      String where = c.getName() + "." + e.getName() + "(...)";
      if (e instanceof Method m) {
        check(m.getGenericReturnType(), where, out);
      }
      for (Type t : e.getGenericParameterTypes()) {
        check(t, where, out);
      }
      for (Type t : e.getGenericExceptionTypes()) {
        check(t, where, out);
      }
    }
    return out;
  }

  private static boolean isPublic(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  /** Public, or protected in a class that can be extended outside its package. */
  private static boolean visible(Member m) {
    int mod = m.getModifiers();
    return Modifier.isPublic(mod)
        || (Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers()));
  }

  private static void check(Type t, String where, List<String> out) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?> k) {
      while (k.isArray()) {
        k = k.getComponentType();
      }
      if (INTERNAL_PACKAGES.contains(k.getPackageName())) {
        out.add(where + " mentions " + k.getName());
      }
    } else if (t instanceof ParameterizedType p) {
      check(p.getRawType(), where, out);
      for (Type a : p.getActualTypeArguments()) {
        check(a, where, out);
      }
    } else if (t instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) {
        check(b, where, out);
      }
      for (Type b : w.getLowerBounds()) {
        check(b, where, out);
      }
    } else if (t instanceof GenericArrayType g) {
      check(g.getGenericComponentType(), where, out);
    } else if (t instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(b, where, out);
      }
    }
  }

  /** Every class compiled into the directory or jar {@code anchor} was loaded from. */
  private static List<Class<?>> classesOf(Class<?> anchor) throws Exception {
    List<Class<?>> classes = new ArrayList<>();
    Path root = codeRoot(anchor);
    try (Stream<Path> files = classFiles(root)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        if (!name.endsWith("package-info")) {
          classes.add(Class.forName(name, false, anchor.getClassLoader()));
        }
      }
    }
    return classes;
  }

  private static Stream<Path> classFiles(Path root) throws IOException {
    return Files.walk(root).filter(p -> p.toString().endsWith(".class"));
  }

  /** The class directory, or the root of the jar, {@code anchor} came from. */
  private static Path codeRoot(Class<?> anchor) throws IOException, URISyntaxException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    if (Files.isDirectory(location)) {
      return location;
    }
    FileSystem jar = FileSystems.newFileSystem(location); // kept open: its paths are used later
    return jar.getPath("/");
  }
}
