package dev.holofs.hcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.holofs.hcs.schema.ComputeSystemDocument;
import dev.holofs.hcs.schema.Documents;
import dev.holofs.hcs.schema.ModifySettingRequest;
import dev.holofs.hcs.schema.Plan9Share;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Windows engine driven through the fake computecore: native memory, HCS's threads. */
class ComputeCoreEngineTest {

  private static final Duration WAIT = Duration.ofMinutes(1);

  private final FakeComputeCore fake = new FakeComputeCore();
  private final ComputeCoreEngine engine = new ComputeCoreEngine(fake, fake);

  @TempDir
  Path share;

  @Test
  void lifecycleThroughTheApiFreesEveryStringAndClosesEveryOperation() throws Exception {
    ComputeSystemDocument document = VirtualMachines.withShare(Documents.parse("""
        {"SchemaVersion": {"Major": 2, "Minor": 1}, "Owner": "test", "VirtualMachine": {
          "Chipset": {"Uefi": {}}, "ComputeTopology": {"Memory": {"SizeInMB": 512}}}}"""),
        Plan9Share.of("data", share.toString(), true));
    CompletableFuture<HcsEvent> exited = new CompletableFuture<>();
    try (Operation create = Operation.create();
        ComputeSystem system = ComputeSystem.create(engine, "cc-life", document, create)) {
      system.setEventCallback(EventOptions.NONE, event -> {
        if (event.type() == HcsEventType.SYSTEM_EXITED) {
          exited.complete(event);
        }
      });
      create.waitForResult(WAIT);
      assertThat(fake.granted).containsExactly("cc-life " + share);
      run(system::start);
      Operation properties = Operation.create();
      system.properties(null, properties);
      assertThat(properties.waitForResult(WAIT)).contains("\"State\":\"Running\"");
      properties.close();

      Operation again = Operation.create();
      system.start(again);
      HcsException refused = catchThrowableOfType(HcsException.class,
          () -> again.waitForResult(WAIT));
      assertThat(refused.hresult()).isEqualTo(HResults.HCS_E_INVALID_STATE);
      assertThat(refused.resultError().errorMessage()).contains("START needs Created");
      assertThat(refused.resultError().errorEvents()).hasSize(1);
      again.close();

      Operation modify = Operation.create();
      system.modify(ModifySettingRequest.addShare(Plan9Share.of("late", share.toString(), true)),
          modify);
      modify.waitForResult(WAIT);
      modify.close();
      assertThat(fake.granted).anyMatch(g -> g.contains("\"ResourcePath\":"
          + "\"VirtualMachine/Devices/Plan9/Shares\""));

      run(system::pause);
      run(system::resume);
      run(system::terminate);
      assertThat(exited.get(1, TimeUnit.MINUTES).eventData()).contains("ForcedExit");
    }
    await().atMost(WAIT).until(() -> fake.operations.isEmpty());
    assertThat(fake.allocated).as("every result string given back with LocalFree").isEmpty();
    assertThat(fake.violations).isEmpty();
    assertThat(fake.completionThreads).isNotEmpty().allMatch(name -> name.equals("fake-hcs"));
  }

  @Test
  void theFakeEnforcesOneShotOperationsAndTheAlreadySetRule() {
    PointerByReference system = new PointerByReference();
    Pointer create = fake.HcsCreateOperation(null, null);
    assertThat(fake.HcsCreateComputeSystem(Utf16.of("cc-rules"),
        Utf16.of("{\"SchemaVersion\":{\"Major\":2,\"Minor\":1}}"), create, null, system))
        .isZero();
    PointerByReference result = new PointerByReference();
    assertThat(fake.HcsWaitForOperationResult(create, 60_000, result)).isZero();
    fake.LocalFree(result.getValue());
    assertThat(fake.HcsStartComputeSystem(system.getValue(), create, null))
        .isEqualTo(HResults.HCS_E_OPERATION_ALREADY_STARTED);
    ComputeCore.EventCallback events = (event, context) -> { };
    assertThat(fake.HcsSetComputeSystemCallback(system.getValue(),
        EventOptions.ENABLE_OPERATION_CALLBACKS.value(), null, events)).isZero();
    Pointer withCallback = fake.HcsCreateOperation(null, (operation, context) -> { });
    assertThat(fake.HcsStartComputeSystem(system.getValue(), withCallback, null))
        .isEqualTo(HResults.HCS_E_OPERATION_SYSTEM_CALLBACK_ALREADY_SET);
    fake.HcsCloseOperation(withCallback);
    fake.HcsCloseOperation(create);
    fake.HcsCloseComputeSystem(system.getValue());
    assertThat(fake.violations).isEmpty();
    assertThat(fake.allocated).isEmpty();
  }

  private interface Call {
    void run(Operation operation) throws HcsException;
  }

  private static void run(Call call) throws Exception {
    try (Operation operation = Operation.create()) {
      call.run(operation);
      operation.waitForResult(WAIT);
    }
  }
}
