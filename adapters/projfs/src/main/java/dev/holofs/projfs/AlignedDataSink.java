package dev.holofs.projfs;

import com.sun.jna.Pointer;
import dev.holofs.spi.DataSink;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One GET_FILE_DATA's bytes on their way to {@code PrjWriteFileData}: gathered in a buffer from
 * {@code PrjAllocateAlignedBuffer} and written a chunk at a time. Chunks are a multiple of the
 * instance's WriteAlignment, so every write starts aligned and only the last one, at the end of
 * the request (the end of the file, or an aligned end), may be short. The engine guards the sink:
 * no write after the command ended, so {@link #finish} and {@link #release} run alone.
 */
final class AlignedDataSink implements DataSink {

  private final Instance instance;
  private final Guid dataStreamId;
  private final long offset;
  private final int length;
  private final int chunkSize;
  private Pointer buffer;
  private ByteBuffer view;
  /** Where the chunk in the buffer starts in the file. */
  private long chunkStart;
  private int written;

  /** @param maxChunk the largest chunk, rounded down to the alignment (at least one alignment) */
  AlignedDataSink(Instance instance, Guid dataStreamId, long offset, int length, int maxChunk) {
    this.instance = instance;
    this.dataStreamId = dataStreamId;
    this.offset = offset;
    this.length = length;
    int alignment = instance.writeAlignment();
    int largest = Math.max(alignment, maxChunk / alignment * alignment);
    this.chunkSize = (int) Math.min(largest, roundUp(Math.max(1, length), alignment));
    this.chunkStart = offset;
  }

  private static long roundUp(long n, int alignment) {
    return (n + alignment - 1) / alignment * alignment;
  }

  @Override
  public void write(ByteBuffer data) throws IOException {
    while (data.hasRemaining()) {
      if (view == null) {
        allocate();
      }
      int n = Math.min(data.remaining(), view.remaining());
      ByteBuffer part = data.duplicate();
      part.limit(part.position() + n);
      view.put(part);
      data.position(data.position() + n);
      written += n;
      if (!view.hasRemaining()) {
        flush();
      }
    }
  }

  private void allocate() throws IOException {
    buffer = allocateAligned();
    if (buffer == null) {
      throw new IOException("PrjAllocateAlignedBuffer could not allocate " + chunkSize + " bytes");
    }
    view = buffer.getByteBuffer(0, chunkSize);
  }

  private Pointer allocateAligned() {
    Pointer[] out = new Pointer[1];
    instance.call((lib, context) -> {
      out[0] = lib.PrjAllocateAlignedBuffer(context, chunkSize);
      return Prj.S_OK;
    });
    return out[0];
  }

  private void flush() throws IOException {
    int hr = writeChunk();
    if (Prj.failed(hr)) {
      throw new IOException("PrjWriteFileData at " + chunkStart + " failed: " + Prj.hex(hr));
    }
  }

  /** Writes the buffered chunk, if any; the HRESULT. */
  private int writeChunk() {
    int filled = view == null ? 0 : view.position();
    if (filled == 0) {
      return Prj.S_OK;
    }
    long at = chunkStart;
    int hr = instance.call((lib, context) -> lib.PrjWriteFileData(context, dataStreamId, buffer, at, filled));
    if (!Prj.failed(hr)) {
      chunkStart += filled;
      view.clear();
    }
    return hr;
  }

  @Override
  public long position() {
    return offset + written;
  }

  @Override
  public int remaining() {
    return length - written;
  }

  /** Writes what is still buffered and releases the buffer; the HRESULT. */
  int finish() {
    try {
      return writeChunk();
    } finally {
      release();
    }
  }

  /** Releases the buffer without writing. */
  void release() {
    if (buffer != null) {
      Pointer b = buffer;
      buffer = null;
      view = null;
      instance.lib().PrjFreeAlignedBuffer(b);
    }
  }
}
