package dev.holofs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.spi.Provider;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * {@link OpeningProvider} forwards Provider methods one by one: one that {@link VfsProvider}
 * answers otherwise than the default and that is not forwarded would be lost by every mount made
 * while the source opens (FuseMount reads {@code isImmutable} at mount time, say).
 */
class OpeningProviderTest {

  @Test
  void everyProviderMethodVfsProviderAnswersIsForwarded() {
    for (Method m : Provider.class.getMethods()) {
      if (declares(VfsProvider.class, m)) {
        assertThat(declares(OpeningProvider.class, m)).as("forwards %s", m).isTrue();
      }
    }
  }

  private static boolean declares(Class<?> type, Method m) {
    try {
      type.getDeclaredMethod(m.getName(), m.getParameterTypes());
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
