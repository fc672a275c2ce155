package io.jsst.association;

import io.jsst.engine.MessagePart;
import io.jsst.engine.Stream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one inbound data substream of an association: its header, then its messages, which it
 * queues on the session as {@link Inbound.Chunk}s. It stops reading while the session's inbound
 * queue is full (so the peer's sender feels flow control) and goes on when the session resumes it.
 * Runs on the engine's loop thread, or the thread that resumes it.
 */
final class SubstreamReader {

    /** A message longer than this is queued in chunks of this size. */
    static final int CHUNK_SIZE = 256 * 1024;
    private static final int READ_BUFFER = 64 * 1024;

    private final AssociationSession session;
    private final Stream stream;
    private AssociationWire.SubstreamHeader header;
    private ByteBuffer headerBuffer;
    private ByteBuffer buffer;
    private byte[] message = new byte[256];
    private int messageLength;
    /** Whether the current message's first chunk was queued already (its identifier went with it). */
    private boolean continuing;
    private int payloadProtocolId;
    private boolean readPending;
    private boolean resuming;
    private boolean finished;

    SubstreamReader(AssociationSession session, Stream stream) {
        this.session = session;
        this.stream = stream;
    }

    Stream stream() {
        return stream;
    }

    boolean isFinished() {
        return finished;
    }

    /** Reads on until the queue is full, the stream waits for bytes, or it ends. */
    synchronized void resume() {
        if (readPending || resuming || finished) {
            return;
        }
        resuming = true;
        try {
            while (!finished) {
                if (header != null && session.inboundFull()) {
                    session.park(this);
                    return;
                }
                CompletableFuture<MessagePart> f = stream.readMessagePartAsync(nextBuffer());
                readPending = true;
                f.whenComplete(this::onRead);
                if (readPending) {
                    return;
                }
            }
        } finally {
            resuming = false;
        }
    }

    private synchronized void onRead(MessagePart part, Throwable error) {
        readPending = false;
        if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
            error = error.getCause();
        }
        if (accept(part, error) && !resuming) {
            resume();
        }
    }

    private ByteBuffer nextBuffer() {
        if (header == null) {
            // One byte more than a header, so a longer first message shows as incomplete.
            headerBuffer = ByteBuffer.allocate(AssociationWire.SUBSTREAM_HEADER_LENGTH + 1);
            return headerBuffer;
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocate(READ_BUFFER);
        }
        return buffer.clear();
    }

    /** Takes one read's outcome; false when reading is over. */
    private boolean accept(MessagePart part, Throwable error) {
        if (error != null) {
            finished = true;
            session.substreamFailed(this, error);
            return false;
        }
        if (part.isEndOfStream()) {
            if (messageLength > 0 || continuing) {
                queueChunk(true);
            }
            finished = true;
            session.substreamFinished(this);
            return false;
        }
        if (header == null) {
            return acceptHeader(part);
        }
        append(buffer.flip());
        if (part.complete()) {
            if (!continuing && messageLength < AssociationWire.MESSAGE_HEADER_LENGTH) {
                return malformed("message of " + messageLength + " bytes has no payload protocol identifier");
            }
            queueChunk(true);
        } else if (messageLength >= CHUNK_SIZE + (continuing ? 0 : AssociationWire.MESSAGE_HEADER_LENGTH)) {
            queueChunk(false);
        }
        return true;
    }

    private boolean acceptHeader(MessagePart part) {
        if (!part.complete() || part.length() != AssociationWire.SUBSTREAM_HEADER_LENGTH) {
            return malformed("substream header is not a message of " + AssociationWire.SUBSTREAM_HEADER_LENGTH
                    + " bytes");
        }
        try {
            header = AssociationWire.decodeSubstreamHeader(
                    Arrays.copyOf(headerBuffer.array(), AssociationWire.SUBSTREAM_HEADER_LENGTH));
        } catch (MalformedAssociationException e) {
            return malformed(e.getMessage());
        }
        return session.substreamOpened(this, header);
    }

    private boolean malformed(String why) {
        finished = true;
        session.malformed(new MalformedAssociationException(why));
        return false;
    }

    private void append(ByteBuffer bytes) {
        int n = bytes.remaining();
        if (messageLength + n > message.length) {
            message = Arrays.copyOf(message, Math.max(message.length * 2, messageLength + n));
        }
        bytes.get(message, messageLength, n);
        messageLength += n;
    }

    private void queueChunk(boolean last) {
        int offset = 0;
        if (!continuing) {
            payloadProtocolId = ((message[0] & 0xff) << 24) | ((message[1] & 0xff) << 16) | ((message[2] & 0xff) << 8)
                    | (message[3] & 0xff);
            offset = AssociationWire.MESSAGE_HEADER_LENGTH;
        }
        byte[] data = Arrays.copyOfRange(message, offset, messageLength);
        messageLength = 0;
        continuing = !last;
        if (message.length > CHUNK_SIZE) {
            message = new byte[256];
        }
        session.queue(new Inbound.Chunk(header.streamNumber(), header.unordered(), payloadProtocolId, data, last, this),
                data.length);
    }
}
