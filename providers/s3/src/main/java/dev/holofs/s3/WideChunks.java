package dev.holofs.s3;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;

/**
 * Has a connection's HTTP decoder hand a response body on in pieces of up to {@link #CHUNK}
 * bytes, not Netty's default 8 KiB. The SDK's Netty client passes each piece through its response
 * handler, a copy onto the heap and its reactive-streams publishers one by one, and at 8 KiB that
 * per-piece work, not the bytes, was most of a sequential read's CPU. A piece is never larger than
 * what one socket read brought, so a wide bound costs no memory or wait. The SDK has no setting
 * for it; it lets us make the channels, though: each gets this handler first, which, once the
 * connection is up (the SDK has set the pipeline up by then, and nothing was received yet),
 * swaps the SDK's decoder for one with Netty's other defaults and the wider bound.
 */
final class WideChunks extends ChannelInboundHandlerAdapter {

  /** The widest piece of a body handed on at once (Netty reads at most 64 KiB per read). */
  static final int CHUNK = 256 << 10;

  /** Makes the SDK's connections: plain NIO socket channels, each with this handler. */
  static final ChannelFactory<Channel> CHANNELS = () -> {
    NioSocketChannel channel = new NioSocketChannel();
    channel.pipeline().addFirst(new WideChunks());
    return channel;
  };

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    HttpClientCodec sdk = ctx.pipeline().get(HttpClientCodec.class);
    if (sdk != null) {
      ctx.pipeline().replace(sdk, null, new HttpClientCodec(4096, 8192, CHUNK));
    }
    ctx.pipeline().remove(this);
    super.channelActive(ctx);
  }
}
