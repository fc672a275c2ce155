package io.jsst.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.IntSupplier;

/** Blocking {@code java.io} streams over an {@link SctpSocket}, for its own streams and for {@link JsstSocket}'s. */
final class ByteStreams {

    private ByteStreams() {
    }

    /**
     * An input stream reading the socket's current read channel, each read bounded by
     * {@code timeoutMillis} (0: no bound), closing the socket when closed if {@code closesSocket}.
     */
    static InputStream input(SctpSocket socket, IntSupplier timeoutMillis, boolean closesSocket) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = socket.readBlocking(one, 0, 1, timeoutMillis.getAsInt());
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return socket.readBlocking(b, off, len, timeoutMillis.getAsInt());
            }

            @Override
            public int available() {
                return socket.available();
            }

            @Override
            public void close() {
                if (closesSocket) {
                    socket.close();
                }
            }
        };
    }

    /** An output stream whose every write is one message, closing the socket when closed if {@code closesSocket}. */
    static OutputStream output(SctpSocket socket, boolean closesSocket) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                socket.writeBlocking(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                socket.writeBlocking(b, off, len);
            }

            @Override
            public void close() {
                if (closesSocket) {
                    socket.close();
                }
            }
        };
    }
}
