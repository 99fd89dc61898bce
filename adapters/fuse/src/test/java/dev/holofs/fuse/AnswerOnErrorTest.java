package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holofs.engine.Call;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply encoder that throws an Error (a class that no longer loads after the jar was replaced
 * under a running server) still gets its request answered, with EIO: the completion callback it
 * runs in would otherwise swallow the Error and leave the caller waiting for good. The channel
 * writes to a plain file here, so the test reads back exactly what the kernel would get.
 */
class AnswerOnErrorTest {

  @TempDir
  Path temp;

  @Test
  void anEncoderThatThrowsAnErrorIsAnsweredWithEio() throws Exception {
    Path replies = Files.createFile(temp.resolve("replies"));
    int fd = LibC.open(replies.toString(), LibC.O_RDWR);
    Channel channel = new Channel(fd, 1, 2, () -> { });
    try {
      Request request = new Request(fd, Protocol.GETATTR, 42, 1, 0, 0, 0);
      channel.answerWhenDone(request, done("value"), new Interrupts(), value -> {
        throw new NoClassDefFoundError("dev/holofs/fuse/Codec");
      });
    } finally {
      channel.stop(); // closes the fd
    }

    ByteBuffer written = ByteBuffer.wrap(Files.readAllBytes(replies)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(written.remaining()).as("one bare reply header").isEqualTo(Protocol.OUT_HEADER_SIZE);
    assertThat(written.getInt(0)).as("length").isEqualTo(Protocol.OUT_HEADER_SIZE);
    assertThat(written.getInt(4)).as("error").isEqualTo(-Protocol.EIO);
    assertThat(written.getLong(8)).as("unique").isEqualTo(42);
  }

  private static Call<String> done(String value) {
    CompletableFuture<String> result = CompletableFuture.completedFuture(value);
    return new Call<>() {
      @Override
      public long commandId() {
        return 1;
      }

      @Override
      public CompletableFuture<String> result() {
        return result;
      }

      @Override
      public boolean cancel() {
        return false;
      }
    };
  }
}
