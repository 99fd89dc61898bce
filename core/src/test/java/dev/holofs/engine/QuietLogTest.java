package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** A logger that throws, even an Error, costs nothing but the log line. */
class QuietLogTest {

  private final List<String> calls = new ArrayList<>();
  private final Logger throwing = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {Logger.class}, (proxy, method, args) -> {
        calls.add(method.getName() + " " + args[0]);
        throw new NoClassDefFoundError("org/slf4j/helpers/MessageFormatter");
      });

  @Test
  void warnAndErrorSurviveALoggerThatThrowsAnError() {
    QuietLog.warn(throwing, "{} failed", "request", new IllegalStateException("boom"));
    QuietLog.error(throwing, "short read of {} bytes", 3L);
    assertThat(calls).containsExactly("warn {} failed", "error short read of {} bytes");
  }
}
