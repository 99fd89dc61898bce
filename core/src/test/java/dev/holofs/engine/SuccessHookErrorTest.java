package dev.holofs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.ProjectionStats.Callback;
import dev.holofs.spi.PlaceholderVersion;
import dev.holofs.spi.ProjectedPath;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A hook run before a successful answer that throws an Error (a class that no longer loads after
 * the jar was replaced under a running server) fails the command: its result still completes,
 * so the request is answered instead of hanging.
 */
class SuccessHookErrorTest {

  @Test
  void anErrorFromTheHookFailsTheCommandInsteadOfLeavingItUnanswered() {
    EngineCommand<String> command = new EngineCommand<>(1, Callback.ENUMERATE,
        ProjectedPath.of("d"), 0, PlaceholderVersion.NONE, null, Runnable::run, id -> { });
    NoClassDefFoundError missing = new NoClassDefFoundError("dev/holofs/engine/SessionSink");
    command.beforeSuccess(() -> {
      throw missing;
    });
    AtomicReference<Throwable> ended = new AtomicReference<>();
    command.onEnd((c, e) -> ended.set(e));

    assertThat(command.complete("entries")).isTrue();

    assertThat(command.result()).isCompletedExceptionally();
    assertThat(command.result().handle((v, e) -> e).join()).isSameAs(missing);
    assertThat(ended.get()).as("the end listener hears the failure").isSameAs(missing);
    assertThat(Errors.errno(missing)).as("answered as an I/O error").isEqualTo(5);
    assertThat(command.hasEnded()).isTrue();
  }
}
