package dev.holofs.projfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import dev.holofs.examples.memory.MemoryProvider;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake is the oracle of the other tests: it must catch what ProjFS would refuse. */
class FakeProjFsTest {

  @TempDir Path root;
  private FakeMount mounted;
  private FakeProjFs fake;

  @BeforeEach
  void mount() throws Exception {
    mounted = FakeMount.start(new MemoryProvider().file("a", new byte[10]), root, 1, 2, 512, 4096);
    fake = mounted.fake;
  }

  @AfterEach
  void unmount() {
    mounted.close();
  }

  @Test
  void completingAnUnknownOrAnsweredCommandIsRejected() throws Exception {
    Pointer context = fake.context();
    assertThat(fake.PrjCompleteCommand(context, 999_999, Prj.S_OK, null)).isEqualTo(Prj.E_INVALIDARG);
    FakeCommand lookup = mounted.io.lookup("a");
    assertThat(FakeIo.await(lookup)).isEqualTo(Prj.S_OK);
    assertThat(fake.PrjCompleteCommand(context, lookup.id, Prj.S_OK, null)).isEqualTo(Prj.E_INVALIDARG);
    assertThat(fake.violations()).hasSize(2).allMatch(v -> v.startsWith("PrjCompleteCommand of"));
  }

  @Test
  void unalignedAndForeignWritesAreRejected() throws Exception {
    FakeIo.Read read = mounted.io.read("a", 0, 10, 10);
    FakeIo.await(read.command());
    UUID stream = fake.state.streams.entrySet().iterator().next().getKey();
    Guid id = Guid.of(stream);
    Pointer buffer = fake.PrjAllocateAlignedBuffer(fake.context(), 1024);
    // The command is answered: no more writes for it, aligned or not.
    assertThat(fake.PrjWriteFileData(fake.context(), id, buffer, 0, 10)).isEqualTo(Prj.E_INVALIDARG);
    assertThat(fake.PrjWriteFileData(fake.context(), id, buffer.share(1), 0, 10)).isEqualTo(Prj.E_INVALIDARG);
    fake.PrjFreeAlignedBuffer(buffer);
    fake.PrjFreeAlignedBuffer(buffer);
    assertThat(fake.violations()).hasSize(3)
        .anyMatch(v -> v.startsWith("PrjWriteFileData for GET_FILE_DATA"))
        .anyMatch(v -> v.startsWith("PrjWriteFileData from a buffer"))
        .anyMatch(v -> v.startsWith("PrjFreeAlignedBuffer of a buffer not allocated"));
  }

  @Test
  void fillingABufferAfterItsGetIsRejected() throws Exception {
    FakeDirBuffer buffer = fake.state.newBuffer(4096, false);
    fake.state.closeBuffer(buffer);
    PrjFileBasicInfo info = new PrjFileBasicInfo();
    assertThat(fake.PrjFillDirEntryBuffer(new WString("x"), info, buffer.handle))
        .isEqualTo(Prj.E_INVALIDARG);
    assertThat(fake.violations()).containsExactly("PrjFillDirEntryBuffer into an unknown buffer: x");
  }
}
