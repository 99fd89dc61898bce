package dev.holofs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Native;
import dev.holofs.engine.Call;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request whose reply cannot be made or is refused is still answered, with EIO, rather than
 * left for the caller to wait on for good. The channel writes to a plain file here, so the test
 * reads back exactly what the kernel would get.
 */
class AnswerOnErrorTest {

  @TempDir
  Path temp;

  /**
   * An encoder that throws an Error (a class that no longer loads after the jar was replaced under
   * a running server): the completion callback it runs in would otherwise swallow the Error.
   */
  @Test
  void anEncoderThatThrowsAnErrorIsAnsweredWithEio() throws Exception {
    assertThat(replies(42, (channel, request) ->
        channel.answerWhenDone(request, done("value"), new Interrupts(), value -> {
          throw new NoClassDefFoundError("dev/holofs/fuse/Codec");
        }))).isEqualTo(eio(42));
  }

  /**
   * A reply the kernel refuses with EINVAL (a header length that differs from what was written):
   * it refuses it before finding the request, which would stay pending for good. The refused
   * write is faked here (-1 and errno EINVAL), since the channel writes no malformed reply.
   */
  @Test
  void aSuccessfulReplyRefusedWithEinvalIsFollowedByEio() throws Exception {
    assertThat(replies(43, (channel, request) -> {
      Native.setLastError(LibC.EINVAL);
      assertThat(channel.replied(-1, request)).isFalse();
      assertThat(channel.refusedReplies()).isEqualTo(1);
    })).isEqualTo(eio(43));
  }

  @Test
  void aReplyRefusedForALostConnectionIsNotFollowedByAnything() throws Exception {
    assertThat(replies(44, (channel, request) -> {
      Native.setLastError(LibC.ENODEV);
      assertThat(channel.replied(-1, request)).isFalse();
      assertThat(channel.isConnectionLost()).isTrue();
    })).isEmpty();
  }

  /** What a channel writing to a file wrote while {@code action} ran with a request {@code unique}. */
  private List<String> replies(long unique, BiConsumer<Channel, Request> action) throws Exception {
    Path replies = Files.createFile(temp.resolve("replies"));
    int fd = LibC.open(replies.toString(), LibC.O_RDWR);
    Channel channel = new Channel(fd, 1, 2, () -> { });
    try {
      action.accept(channel, new Request(fd, Protocol.GETATTR, unique, 1, 0, 0, 0));
    } finally {
      channel.stop(); // closes the fd
    }
    ByteBuffer written = ByteBuffer.wrap(Files.readAllBytes(replies)).order(ByteOrder.LITTLE_ENDIAN);
    List<String> headers = new ArrayList<>();
    while (written.remaining() >= Protocol.OUT_HEADER_SIZE) {
      headers.add(header(written.getInt(), written.getInt(), written.getLong()));
    }
    assertThat(written.remaining()).as("only bare reply headers").isZero();
    return headers;
  }

  /** One bare reply header answering {@code unique} with EIO. */
  private static List<String> eio(long unique) {
    return List.of(header(Protocol.OUT_HEADER_SIZE, -Protocol.EIO, unique));
  }

  private static String header(int length, int error, long unique) {
    return "length " + length + ", error " + error + ", unique " + unique;
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
