package io.rekko.resp;

import io.netty.buffer.ByteBuf;
import io.rekko.protocol.RespWriter;

/** Encodes replies straight into a Netty buffer. */
final class ByteBufRespWriter extends RespWriter {
    private ByteBuf buf;

    ByteBufRespWriter(ByteBuf buf, int protocol) {
        this.buf = buf;
        this.protocol = protocol;
    }

    void target(ByteBuf buf, int protocol) {
        this.buf = buf;
        this.protocol = protocol;
    }

    @Override
    protected void put(byte b) {
        buf.writeByte(b);
    }

    @Override
    protected void put(byte[] b, int off, int len) {
        buf.writeBytes(b, off, len);
    }
}
