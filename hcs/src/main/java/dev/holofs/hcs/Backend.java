package dev.holofs.hcs;

import dev.holofs.hcs.schema.ModifySettingRequest;
import java.util.concurrent.CompletableFuture;

/**
 * One compute system inside an engine. Every call returns at once; its future completes with the
 * result document or fails with an {@link HcsException}.
 */
interface Backend {

  /** Receives the system's events (from any engine thread). */
  interface Listener {
    void event(HcsEventType type, String eventData);
  }

  CompletableFuture<String> created();

  CompletableFuture<String> start();

  CompletableFuture<String> shutdown();

  CompletableFuture<String> terminate();

  CompletableFuture<String> pause();

  CompletableFuture<String> resume();

  CompletableFuture<String> properties(String query);

  CompletableFuture<String> modify(ModifySettingRequest request);

  /** True once the system stopped and everything it held (processes, mounts) is released. */
  boolean exited();
}
