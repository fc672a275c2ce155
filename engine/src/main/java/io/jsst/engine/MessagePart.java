package io.jsst.engine;

/**
 * What {@link Stream#readMessagePart} read: some bytes of the current message, and whether they
 * end it. A message larger than the reader's buffer arrives as several parts, the last one
 * {@code complete}.
 *
 * @param length bytes read into the buffer, or -1 at the end of the stream
 * @param complete whether the message ends with these bytes
 */
public record MessagePart(int length, boolean complete) {

    /** The end of the stream: no more messages. */
    public static final MessagePart END_OF_STREAM = new MessagePart(-1, true);

    public boolean isEndOfStream() {
        return length < 0;
    }
}
