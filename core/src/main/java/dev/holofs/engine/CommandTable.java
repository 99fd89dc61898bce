package dev.holofs.engine;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The commands that have not ended, by id; ids are never reused within a projection. */
final class CommandTable {

  private final ConcurrentHashMap<Long, EngineCommand<?>> commands = new ConcurrentHashMap<>();
  private final AtomicLong lastId = new AtomicLong();

  long nextId() {
    return lastId.incrementAndGet();
  }

  void add(EngineCommand<?> command) {
    commands.put(command.id(), command);
  }

  void remove(EngineCommand<?> command) {
    commands.remove(command.id(), command);
  }

  /** The live command with this id, or null if unknown or ended. */
  EngineCommand<?> get(long id) {
    return commands.get(id);
  }

  int size() {
    return commands.size();
  }

  List<EngineCommand<?>> snapshot() {
    return List.copyOf(commands.values());
  }
}
