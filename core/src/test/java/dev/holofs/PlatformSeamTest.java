package dev.holofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holofs.spi.Collation;
import dev.holofs.spi.Command;
import dev.holofs.spi.DataSink;
import dev.holofs.spi.EntrySink;
import dev.holofs.spi.EnumerationRequest;
import dev.holofs.spi.PlaceholderInfo;
import dev.holofs.spi.ProjectedPath;
import dev.holofs.spi.Provider;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How Projection chooses among the registered platforms (two test ones, see TestPlatforms). */
class PlatformSeamTest {

  private static final Provider EMPTY = new Provider() {
    @Override public void enumerate(EnumerationRequest request, EntrySink sink) {}
    @Override public PlaceholderInfo getPlaceholder(Command command, ProjectedPath path) { return null; }
    @Override public void getFileData(Command c, ProjectedPath p, long o, int l, DataSink s) {}
  };

  @AfterEach
  void switchOff() {
    TestPlatforms.Switchable.cause = "switched off";
    TestPlatforms.Switchable.mounted = null;
  }

  @Test
  void whenNoneIsAvailableTheErrorNamesEachAndWhy() {
    String expected = "no platform can project here; Nowhere: not on this machine; Switchable: switched off";
    assertThat(Projection.unavailabilityCause()).isEqualTo(expected);
    assertThatThrownBy(() -> Projection.builder(EMPTY).build().mount(Path.of("/nonexistent")))
        .isInstanceOf(IOException.class).hasMessage(expected);
  }

  @Test
  void theFirstAvailableOneMountsWithTheCollationItRequires() throws IOException {
    TestPlatforms.Switchable.cause = null;
    assertThat(Projection.unavailabilityCause()).isNull();
    Projection projection = Projection.builder(EMPTY).concurrentThreadCount(3).build();
    assertThat(projection.collation()).isEqualTo(Collation.BYTE_ORDER);
    projection.mount(Path.of("/somewhere"));
    Projection given = TestPlatforms.Switchable.mounted;
    assertThat(given.collation()).isEqualTo(Collation.WINDOWS);
    assertThat(given.provider()).isSameAs(EMPTY);
    assertThat(given.concurrentThreadCount()).isEqualTo(3);
    assertThat(given.poolThreadCount()).isEqualTo(6);
  }

  @Test
  void aCollationChosenAgainstThePlatformIsRefused() {
    TestPlatforms.Switchable.cause = null;
    Projection byteOrder = Projection.builder(EMPTY).collation(Collation.BYTE_ORDER).build();
    assertThatThrownBy(() -> byteOrder.mount(Path.of("/somewhere")))
        .isInstanceOf(IOException.class)
        .hasMessage("Switchable lists names in WINDOWS collation; this projection asks for BYTE_ORDER");
    assertThat(TestPlatforms.Switchable.mounted).isNull();
  }

  @Test
  void platformOptionsAreKeptByTypeTheLastOneWinning() {
    record A(int n) implements PlatformOptions {}
    record B(String s) implements PlatformOptions {}
    Projection p = Projection.builder(EMPTY).platformOptions(new A(1)).platformOptions(new B("b"))
        .platformOptions(new A(2)).build();
    assertThat(p.platformOptions(A.class)).contains(new A(2));
    assertThat(p.platformOptions(B.class)).contains(new B("b"));
    record C() implements PlatformOptions {}
    assertThat(p.platformOptions(C.class)).isEmpty();
  }
}
