package io.jsst.compat.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.sctp.SctpMessage;

/**
 * The messages of the echo exchange: message {@code i} goes on stream {@code i % STREAMS} as that
 * stream's message number {@code i / STREAMS}. Its bytes and payload protocol id follow from the
 * stream and that number alone, so each side can check what it receives byte for byte, in order.
 * Lengths vary from a few bytes to one message in 500 larger than Netty's first receive buffers, which
 * arrives in parts for {@code SctpMessageCompletionHandler} to join.
 */
final class EchoMessages {

    static final int STREAMS = 8;
    static final int TOTAL = 10_000;

    private EchoMessages() {
    }

    static int streamOf(int index) {
        return index % STREAMS;
    }

    static int sequenceOf(int index) {
        return index / STREAMS;
    }

    static int length(int stream, int sequence) {
        if (sequence % 500 == 499) {
            return 20_000 + stream;
        }
        return 4 + (sequence * 37 + stream * 101) % 1_500;
    }

    /** Ppids cover the whole unsigned 32-bit range, the high bit included (negative as an int). */
    static int payloadProtocolId(int stream, int sequence) {
        return (stream << 28) ^ (sequence * 0x9E3779B1);
    }

    static byte[] bytes(int stream, int sequence) {
        byte[] b = new byte[length(stream, sequence)];
        b[0] = (byte) (sequence >>> 24);
        b[1] = (byte) (sequence >>> 16);
        b[2] = (byte) (sequence >>> 8);
        b[3] = (byte) sequence;
        for (int i = 4; i < b.length; i++) {
            b[i] = (byte) (sequence * 31 + stream * 7 + i * 13);
        }
        return b;
    }

    static SctpMessage message(ByteBufAllocator alloc, int index) {
        int stream = streamOf(index);
        int sequence = sequenceOf(index);
        ByteBuf content = alloc.buffer(length(stream, sequence)).writeBytes(bytes(stream, sequence));
        return new SctpMessage(payloadProtocolId(stream, sequence), stream, content);
    }

    /**
     * Checks a received message against the one expected next on its stream.
     *
     * @return null if it is that message, complete and byte-exact; otherwise what differs
     */
    static String mismatch(SctpMessage m, int expectedSequence) {
        int stream = m.streamIdentifier();
        if (stream < 0 || stream >= STREAMS) {
            return "message on stream " + stream + ", outside 0.." + (STREAMS - 1);
        }
        if (!m.isComplete()) {
            return "stream " + stream + " message " + expectedSequence + " delivered incomplete";
        }
        byte[] expected = bytes(stream, expectedSequence);
        byte[] actual = ByteBufUtil.getBytes(m.content());
        if (!java.util.Arrays.equals(actual, expected)) {
            int got = actual.length >= 4 ? (actual[0] << 24 | (actual[1] & 0xff) << 16 | (actual[2] & 0xff) << 8
                    | (actual[3] & 0xff)) : -1;
            return "stream " + stream + ": expected message " + expectedSequence + " (" + expected.length
                    + " bytes), got " + actual.length + " bytes starting with number " + got;
        }
        int ppid = payloadProtocolId(stream, expectedSequence);
        if (m.protocolIdentifier() != ppid) {
            return "stream " + stream + " message " + expectedSequence + ": ppid " + m.protocolIdentifier()
                    + " instead of " + ppid;
        }
        return null;
    }
}
