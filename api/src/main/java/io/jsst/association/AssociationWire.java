package io.jsst.association;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of the association layer, inside SST messages (docs/wire-format.md, "Associations").
 * All integers are big-endian.
 *
 * <pre>
 * INIT, INIT-ACK (first message of the control stream each way)
 *   u8 type (1 INIT, 2 INIT-ACK) | u8 version (1) | u16 outbound | u16 max inbound
 *   | u8 address count | count x (u8 length 4 or 16 | address | u16 port)
 * substream header (first message of every data substream)
 *   u8 kind (1 ordered stream, 2 unordered message) | u16 stream number
 * data message (every later message of a data substream)
 *   u32 payload protocol identifier | payload
 * </pre>
 */
public final class AssociationWire {

    /** The SST service associations are opened to. */
    public static final String SERVICE = "sctp";
    /** The protocol name, which carries the association layer's version. */
    public static final String PROTOCOL = "jsst-sctp/1";

    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int VERSION = 1;
    static final int ORDERED = 1;
    static final int UNORDERED = 2;
    /** Length of a data message's header: the payload protocol identifier. */
    static final int MESSAGE_HEADER_LENGTH = 4;
    static final int SUBSTREAM_HEADER_LENGTH = 3;
    private static final int MAX_ADDRESSES = 255;

    private AssociationWire() {
    }

    /** A decoded INIT or INIT-ACK. */
    record Init(boolean ack, StreamLimits limits, List<InetSocketAddress> addresses) {
    }

    /** A decoded substream header. */
    record SubstreamHeader(boolean unordered, int streamNumber) {
    }

    static byte[] encodeInit(boolean ack, StreamLimits limits, List<InetSocketAddress> addresses) {
        List<InetSocketAddress> list = addresses.size() > MAX_ADDRESSES ? addresses.subList(0, MAX_ADDRESSES) : addresses;
        ByteBuffer b = ByteBuffer.allocate(7 + list.size() * 19);
        b.put((byte) (ack ? INIT_ACK : INIT)).put((byte) VERSION);
        b.putShort((short) limits.outbound()).putShort((short) limits.maxInbound());
        b.put((byte) list.size());
        for (InetSocketAddress a : list) {
            byte[] ip = a.getAddress().getAddress();
            b.put((byte) ip.length).put(ip).putShort((short) a.getPort());
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** @throws MalformedAssociationException if the bytes are not an INIT or INIT-ACK of this version */
    static Init decodeInit(byte[] message) throws MalformedAssociationException {
        try {
            ByteBuffer b = ByteBuffer.wrap(message);
            int type = b.get() & 0xff;
            int version = b.get() & 0xff;
            if (type != INIT && type != INIT_ACK) {
                throw new MalformedAssociationException("not an INIT: type " + type);
            }
            if (version != VERSION) {
                throw new MalformedAssociationException("association version " + version + " not supported");
            }
            StreamLimits limits = new StreamLimits(b.getShort() & 0xffff, b.getShort() & 0xffff);
            int count = b.get() & 0xff;
            List<InetSocketAddress> addresses = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = b.get() & 0xff;
                if (length != 4 && length != 16) {
                    throw new MalformedAssociationException("address of " + length + " bytes");
                }
                byte[] ip = new byte[length];
                b.get(ip);
                addresses.add(new InetSocketAddress(InetAddress.getByAddress(ip), b.getShort() & 0xffff));
            }
            if (b.hasRemaining()) {
                throw new MalformedAssociationException(b.remaining() + " bytes after the INIT");
            }
            return new Init(type == INIT_ACK, limits, addresses);
        } catch (BufferUnderflowException | UnknownHostException e) {
            throw new MalformedAssociationException("truncated INIT");
        }
    }

    static byte[] encodeSubstreamHeader(boolean unordered, int streamNumber) {
        return new byte[] {(byte) (unordered ? UNORDERED : ORDERED), (byte) (streamNumber >>> 8), (byte) streamNumber};
    }

    static SubstreamHeader decodeSubstreamHeader(byte[] message) throws MalformedAssociationException {
        if (message == null || message.length != SUBSTREAM_HEADER_LENGTH) {
            throw new MalformedAssociationException("substream header of " + (message == null ? 0 : message.length)
                    + " bytes");
        }
        int kind = message[0] & 0xff;
        if (kind != ORDERED && kind != UNORDERED) {
            throw new MalformedAssociationException("substream kind " + kind);
        }
        return new SubstreamHeader(kind == UNORDERED, ((message[1] & 0xff) << 8) | (message[2] & 0xff));
    }

    /** A data message: the identifier, then the payload between {@code payload}'s position and limit. */
    static ByteBuffer encodeMessage(int payloadProtocolId, ByteBuffer payload) {
        ByteBuffer b = ByteBuffer.allocate(MESSAGE_HEADER_LENGTH + payload.remaining());
        b.putInt(payloadProtocolId).put(payload.duplicate()).flip();
        return b;
    }
}
