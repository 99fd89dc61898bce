package dev.holofs.hcs;

import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.ModifySettingRequest;
import java.util.concurrent.CompletableFuture;

/** An engine whose every answer the test completes by hand: the API's rules, without a VM. */
final class ScriptedEngine implements Engine {

  final CompletableFuture<String> created = new CompletableFuture<>();
  final CompletableFuture<String> started = new CompletableFuture<>();
  final CompletableFuture<String> terminated = new CompletableFuture<>();
  Backend.Listener listener;

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Backend create(String id, ComputeSystemDocument document, Backend.Listener events) {
    listener = events;
    return new Backend() {
      @Override public CompletableFuture<String> created() { return created; }
      @Override public CompletableFuture<String> start() { return started; }
      @Override public CompletableFuture<String> shutdown() { return terminated; }
      @Override public CompletableFuture<String> terminate() { return terminated; }
      @Override public CompletableFuture<String> pause() { return new CompletableFuture<>(); }
      @Override public CompletableFuture<String> resume() { return new CompletableFuture<>(); }
      @Override public CompletableFuture<String> properties(String query) {
        return CompletableFuture.completedFuture("{}");
      }
      @Override public CompletableFuture<String> modify(ModifySettingRequest request) {
        return CompletableFuture.completedFuture("");
      }
      @Override public boolean exited() { return terminated.isDone(); }
    };
  }
}
