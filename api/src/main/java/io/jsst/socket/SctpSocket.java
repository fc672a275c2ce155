package io.jsst.socket;

import io.jsst.association.AssociationHost;
import io.jsst.association.AssociationSession;
import io.jsst.association.Inbound;
import io.jsst.association.StreamCounts;
import io.jsst.association.StreamLimits;
import io.jsst.engine.ChannelClosedException;
import io.jsst.engine.ServiceUnavailableException;
import io.jsst.engine.StreamResetException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * An SCTP socket after Qt's {@code QSctpSocket}: one association over jsst (SST over UDP), in
 * datagram mode (messages on several channels) or in TCP emulation (one continuous byte stream).
 *
 * <h2>Modes and channel counts</h2>
 * {@link #setMaximumChannelCount(int)} chooses the mode before connecting: a negative count is TCP
 * emulation ({@link #maximumChannelCount()} then returns -1); 0 (the default) or a positive count is
 * datagram mode. When the association is established each side's counts are negotiated as SCTP's
 * INIT does it, between the counts both ends offer (a TCP-emulation end offers 1):
 * <pre>
 *   my write channels = min(my count, peer's count)     (my read channels: the same rule, seen from the peer)
 *   a count of 0 takes the other's value; 0 against 0 gives 10 each way (Linux SCTP's default)
 * </pre>
 * {@link #writeChannelCount()} and {@link #readChannelCount()} return them (0 before connecting).
 * A TCP-emulation end writes each {@link #write(byte[])} as one message on channel 0, so a
 * datagram-mode peer receives it as one datagram; it reads whatever arrives as bytes.
 *
 * <h2>Asynchronous, as Qt's</h2>
 * {@link #connectToHost(String, int)} returns at once; {@link #writeDatagram(NetworkDatagram)} and
 * {@link #write(byte[])} queue data and return at once; reads return what has arrived and never
 * block. Listeners ({@link SctpSocketListener}) report progress on the executor given to
 * {@link #addListener(SctpSocketListener, Executor)}; by default each socket has its own event
 * thread (a serial executor on a shared pool of daemon threads), so one socket's events come one at
 * a time, in order, as Qt calls an object's slots on its thread. The {@code waitFor...} methods block
 * the caller until the event or the timeout (a negative {@link Duration} waits without bound, like
 * Qt's -1); {@link #getInputStream()} and {@link #getOutputStream()} give blocking streams.
 *
 * <h2>Buffers</h2>
 * Each read channel has its own queue of whole datagrams (or bytes); together they hold at most
 * {@value #READ_BUFFER_LIMIT} bytes, beyond which the association's flow control holds the peer
 * back (a datagram being reassembled is not counted, so one larger than the limit still arrives). Queued writes hold at most {@value #WRITE_BUFFER_LIMIT} bytes: beyond that
 * {@link #writeDatagram} returns false with {@link SocketError#TEMPORARY} and the output stream
 * blocks.
 *
 * <h2>Comparison with Qt</h2>
 * {@code disconnectFromHost()} and {@code close()} move to {@link SocketState#CLOSING} when data was
 * written, and to {@link SocketState#UNCONNECTED} once the peer confirmed it has everything (Qt
 * goes on as soon as its buffer reached the kernel). Data that arrived before the peer closed stays
 * readable until this socket is closed. {@code waitForReadyRead} returns at once when the current
 * read channel has data.
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public class SctpSocket implements AutoCloseable {

    /** The most bytes the read channels hold together before the peer is held back. */
    public static final int READ_BUFFER_LIMIT = 4 * 1024 * 1024;
    /** The most queued, unsent bytes before writes are refused (or the output stream blocks). */
    public static final int WRITE_BUFFER_LIMIT = 16 * 1024 * 1024;

    /** The payload protocol identifier of a TCP-emulation end's "no more output" (TCP's FIN). */
    static final int END_OF_OUTPUT_PPID = 0x4a535446;
    private static final byte[] END_OF_OUTPUT = {0};
    /** How long a client socket's host waits for a graceful shutdown to complete before closing anyway. */
    static final Duration LINGER = Duration.ofSeconds(10);

    private record Outgoing(int channel, int payloadProtocolId, ByteBuffer data, boolean endOfOutput) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Executor io = EventThreads.serial();
    private final Executor events = EventThreads.serial();
    private final ListenerRegistry<SctpSocketListener> listeners = new ListenerRegistry<>();
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private final Runnable readiness = this::schedulePump;

    private int maximumChannelCount;
    private SocketState state = SocketState.UNCONNECTED;
    private SocketError error = SocketError.UNKNOWN_SOCKET;
    private String errorString = SocketError.UNKNOWN_SOCKET.message();

    private final SctpServer server;
    private AssociationHost host;
    private AssociationSession session;
    private long attempt;
    private boolean released;
    private InetSocketAddress localBinding;

    private boolean open;
    private boolean byteStream;
    private int readChannels;
    private int writeChannels;
    private int currentRead;
    private int currentWrite;
    private ReadChannel[] reads = new ReadChannel[0];
    private final Map<Object, ByteArrayOutputStream> partial = new HashMap<>();
    private long buffered;
    private boolean throttled;
    private long arrivals;
    private boolean inputEnded;
    private IOException inputFailure;
    private boolean inputShutdown;

    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private long outgoingBytes;
    private long written;
    private long writtenSeen;
    private boolean outputShutdown;
    private boolean closing;
    private boolean shutdownSent;
    private boolean sessionEnded;

    private InetSocketAddress peer;
    private InetSocketAddress local;
    private InetSocketAddress dataPeer;
    private InetSocketAddress dataLocal;

    /** A socket in datagram mode with maximum channel count 0, unconnected (as Qt's). */
    public SctpSocket() {
        this.server = null;
    }

    /** An accepted socket: connected to {@code session}, which lives on {@code server}'s host. */
    SctpSocket(SctpServer server, AssociationSession session, int maximumChannelCount) {
        this.server = server;
        this.maximumChannelCount = maximumChannelCount;
        lock.lock();
        try {
            this.host = session.host();
            this.open = true;
            attach(session);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ mode

    /**
     * Sets the most channels this socket supports: negative for TCP emulation, 0 (the default) to
     * take the peer's value, positive for at most that many. A negative count is stored as -1.
     *
     * @throws IllegalStateException unless the socket is {@link SocketState#UNCONNECTED}
     */
    public void setMaximumChannelCount(int count) {
        lock.lock();
        try {
            if (state != SocketState.UNCONNECTED) {
                throw new IllegalStateException("the channel count can only be set while unconnected, not " + state);
            }
            maximumChannelCount = Math.max(count, -1);
        } finally {
            lock.unlock();
        }
    }

    /** The most channels this socket supports: -1 in TCP emulation, 0 for the peer's value. */
    public int maximumChannelCount() {
        return locked(() -> maximumChannelCount);
    }

    /** Whether the socket is in datagram mode (its maximum channel count is not negative). */
    public boolean isInDatagramMode() {
        return maximumChannelCount() != -1;
    }

    // ------------------------------------------------------------------ listeners

    /** Registers {@code listener}, called on this socket's own event thread. */
    public void addListener(SctpSocketListener listener) {
        addListener(listener, events);
    }

    /**
     * Registers {@code listener}, called on {@code executor} (use {@code Runnable::run} to be called on
     * jsst's thread at once; such a listener must not block).
     *
     * @throws NullPointerException if an argument is null
     */
    public void addListener(SctpSocketListener listener, Executor executor) {
        listeners.add(listener, executor);
    }

    /** Removes every registration of {@code listener}. */
    public void removeListener(SctpSocketListener listener) {
        listeners.remove(listener);
    }

    private void emit(Consumer<SctpSocketListener> event) {
        listeners.emit(event);
    }

    // ------------------------------------------------------------------ state

    /** The socket's state. */
    public SocketState state() {
        return locked(() -> state);
    }

    /** The last error; {@link SocketError#UNKNOWN_SOCKET} if there was none. */
    public SocketError error() {
        return locked(() -> error);
    }

    /** A human-readable description of the last error (Qt's wording). */
    public String errorString() {
        return locked(() -> errorString);
    }

    /** Whether the socket is open for reading and writing (from {@code connectToHost} until {@code close}). */
    public boolean isOpen() {
        return locked(() -> open);
    }

    /** Whether the socket is connected and usable. */
    public boolean isValid() {
        return state() == SocketState.CONNECTED;
    }

    /** Always true: a socket is a sequential device. */
    public boolean isSequential() {
        return true;
    }

    private void setState(SocketState s) {
        if (state == s) {
            return;
        }
        SocketState previous = state;
        state = s;
        changed.signalAll();
        emit(l -> l.stateChanged(s));
        if (s == SocketState.CONNECTED) {
            emit(SctpSocketListener::connected);
        } else if (s == SocketState.UNCONNECTED
                && (previous == SocketState.CONNECTED || previous == SocketState.CLOSING)) {
            emit(SctpSocketListener::disconnected);
        }
    }

    private void setError(SocketError e, String message) {
        error = e;
        errorString = message;
        emit(l -> l.errorOccurred(e));
    }

    // ------------------------------------------------------------------ connecting

    /**
     * Starts connecting to {@code hostName} (a name or a literal address) at {@code port} and returns
     * at once: {@link SocketState#HOST_LOOKUP}, then {@link SocketState#CONNECTING}, then
     * {@link SocketState#CONNECTED} (listeners' {@code connected()}) or, on failure,
     * {@link SocketState#UNCONNECTED} with {@link SocketError#HOST_NOT_FOUND},
     * {@link SocketError#CONNECTION_REFUSED} ("Connection refused": nothing listens there),
     * {@link SocketError#SOCKET_TIMEOUT} or {@link SocketError#NETWORK}.
     *
     * @throws NullPointerException if {@code hostName} is null
     * @throws IllegalArgumentException if {@code port} is outside 0 to 65535
     * @throws IllegalStateException unless the socket is {@link SocketState#UNCONNECTED}
     */
    public void connectToHost(String hostName, int port) {
        Objects.requireNonNull(hostName, "hostName");
        long id = beginConnect(port);
        EventThreads.run(() -> {
            InetAddress address;
            try {
                address = InetAddress.getByName(hostName);
            } catch (UnknownHostException e) {
                connectFailed(id, null, SocketError.HOST_NOT_FOUND, SocketError.HOST_NOT_FOUND.message());
                return;
            }
            connectTo(id, new InetSocketAddress(address, port));
        });
    }

    /**
     * As {@link #connectToHost(String, int)}, to an address (the lookup is skipped, the state still
     * passes through {@link SocketState#HOST_LOOKUP}).
     *
     * @throws NullPointerException if {@code address} is null
     */
    public void connectToHost(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        long id = beginConnect(port);
        EventThreads.run(() -> connectTo(id, new InetSocketAddress(address, port)));
    }

    /** Where a client socket binds when it connects (JsstSocket's bind before connect); null: automatic. */
    void setLocalBinding(InetSocketAddress binding) {
        lock.lock();
        try {
            localBinding = binding;
        } finally {
            lock.unlock();
        }
    }

    private long beginConnect(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        lock.lock();
        try {
            if (state != SocketState.UNCONNECTED || server != null) {
                throw new IllegalStateException("connectToHost() needs an unconnected socket; this one is " + state);
            }
            resetForConnect();
            open = true;
            error = SocketError.UNKNOWN_SOCKET;
            errorString = SocketError.UNKNOWN_SOCKET.message();
            setState(SocketState.HOST_LOOKUP);
            return ++attempt;
        } finally {
            lock.unlock();
        }
    }

    private void resetForConnect() {
        for (ReadChannel r : reads) {
            r.clear();
        }
        partial.clear();
        buffered = 0;
        inputEnded = false;
        inputFailure = null;
        inputShutdown = false;
        outgoing.clear();
        outgoingBytes = 0;
        outputShutdown = false;
        written = 0;
        writtenSeen = 0;
        closing = false;
        shutdownSent = false;
        sessionEnded = false;
        released = false;
        session = null;
    }

    private void connectTo(long id, InetSocketAddress remote) {
        AssociationHost h;
        StreamLimits limits;
        lock.lock();
        try {
            if (id != attempt || state != SocketState.HOST_LOOKUP) {
                return;
            }
            setState(SocketState.CONNECTING);
            limits = StreamLimits.ofChannelCount(maximumChannelCount);
            try {
                InetSocketAddress bindTo = localBinding != null ? localBinding
                        : implicitLocalAddress(remote);
                h = AssociationHost.bind(List.of(bindTo), null);
            } catch (IOException e) {
                connectFailed(id, null, SocketError.NETWORK, String.valueOf(e.getMessage()));
                return;
            }
            host = h;
        } finally {
            lock.unlock();
        }
        h.connect(remote, limits, AssociationHost.DEFAULT_RECEIVE_BUFFER).whenComplete((s, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                SocketError kind = connectError(cause);
                connectFailed(id, h, kind, kind == SocketError.NETWORK ? String.valueOf(cause.getMessage())
                        : kind == SocketError.SOCKET_TIMEOUT ? "Connection timed out" : kind.message());
                return;
            }
            lock.lock();
            try {
                if (id != attempt || state != SocketState.CONNECTING) {
                    s.abort();
                    h.close();
                    return;
                }
                attach(s);
            } finally {
                lock.unlock();
            }
        });
    }

    private static InetSocketAddress implicitLocalAddress(InetSocketAddress remote) throws IOException {
        if (remote.getAddress() == null) {
            throw new UnknownHostException(remote.getHostString());
        }
        return AssociationHost.implicitLocalAddress(remote);
    }

    private static SocketError connectError(Throwable cause) {
        if (cause instanceof PortUnreachableException || cause instanceof ConnectException
                || cause instanceof ServiceUnavailableException) {
            return SocketError.CONNECTION_REFUSED;
        }
        if (cause instanceof SocketTimeoutException) {
            return SocketError.SOCKET_TIMEOUT;
        }
        if (cause instanceof UnknownHostException) {
            return SocketError.HOST_NOT_FOUND;
        }
        return SocketError.NETWORK;
    }

    private void connectFailed(long id, AssociationHost h, SocketError kind, String message) {
        lock.lock();
        try {
            if (id != attempt) {
                if (h != null) {
                    h.close();
                }
                return;
            }
            if (h != null) {
                h.close();
            }
            host = null;
            setState(SocketState.UNCONNECTED);
            setError(kind, message);
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: the association is established. */
    private void attach(AssociationSession s) {
        session = s;
        StreamCounts counts = s.counts();
        readChannels = counts.inbound();
        writeChannels = counts.outbound();
        byteStream = maximumChannelCount == -1;
        reads = new ReadChannel[readChannels];
        for (int i = 0; i < readChannels; i++) {
            reads[i] = new ReadChannel();
        }
        peer = s.primaryPeerAddress();
        local = host.localAddresses().get(0);
        dataPeer = peer;
        dataLocal = local;
        s.addReadinessListener(readiness);
        setState(SocketState.CONNECTED);
        schedulePump();
    }

    /**
     * Waits until the socket is connected: true at once if it is, false at once if it is
     * {@link SocketState#UNCONNECTED} (a failed attempt: see {@link #error()}). If {@code timeout}
     * passes first the attempt is abandoned: the socket becomes unconnected with
     * {@link SocketError#SOCKET_TIMEOUT} and false is returned. A negative timeout waits without bound.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean waitForConnected(Duration timeout) {
        lock.lock();
        try {
            long deadline = deadline(timeout);
            while (state == SocketState.HOST_LOOKUP || state == SocketState.CONNECTING) {
                if (!await(deadline)) {
                    attempt++;
                    if (host != null) {
                        EventThreads.run(host::close);
                        host = null;
                    }
                    setState(SocketState.UNCONNECTED);
                    setError(SocketError.SOCKET_TIMEOUT, SocketError.SOCKET_TIMEOUT.message());
                    return false;
                }
            }
            return state == SocketState.CONNECTED || state == SocketState.CLOSING;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ addresses

    /** The peer's address, or null when not connected. */
    public InetAddress peerAddress() {
        return locked(() -> peer == null ? null : peer.getAddress());
    }

    /** The peer's port, or 0 when not connected. */
    public int peerPort() {
        return locked(() -> peer == null ? 0 : peer.getPort());
    }

    /** This socket's address, or null when not connected. */
    public InetAddress localAddress() {
        return locked(() -> local == null ? null : local.getAddress());
    }

    /** This socket's port, or 0 when not connected. */
    public int localPort() {
        return locked(() -> local == null ? 0 : local.getPort());
    }

    // ------------------------------------------------------------------ channels

    /** The channels the peer may send on (0 until connected). */
    public int readChannelCount() {
        return locked(() -> readChannels);
    }

    /** The channels this socket may send on (0 until connected, and again once unconnected). */
    public int writeChannelCount() {
        return locked(() -> writeChannels);
    }

    /** The channel reads come from (0 by default). */
    public int currentReadChannel() {
        return locked(() -> currentRead);
    }

    /**
     * Makes {@code channel} the one reads come from and {@code readyRead} reports.
     *
     * @throws IllegalArgumentException if {@code channel} is negative
     */
    public void setCurrentReadChannel(int channel) {
        if (channel < 0) {
            throw new IllegalArgumentException("negative channel: " + channel);
        }
        lock.lock();
        try {
            currentRead = channel;
        } finally {
            lock.unlock();
        }
    }

    /** The channel writes go to (0 by default). */
    public int currentWriteChannel() {
        return locked(() -> currentWrite);
    }

    /**
     * Makes {@code channel} the one writes go to and {@code bytesWritten} reports.
     *
     * @throws IllegalArgumentException if {@code channel} is negative
     */
    public void setCurrentWriteChannel(int channel) {
        if (channel < 0) {
            throw new IllegalArgumentException("negative channel: " + channel);
        }
        lock.lock();
        try {
            currentWrite = channel;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ reading

    private ReadChannel readChannel() {
        int c = byteStream ? 0 : currentRead;
        return c < reads.length ? reads[c] : null;
    }

    /** Bytes that can be read now from the current read channel. Never blocks. */
    public long bytesAvailable() {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            return open && r != null ? r.bytes : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next whole datagram of the current read channel, with the peer as sender and this socket
     * as destination; never blocks. An invalid, empty datagram if none is pending, if the socket was
     * closed, or in TCP emulation.
     */
    public NetworkDatagram readDatagram() {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            if (!open || byteStream || r == null) {
                return new NetworkDatagram();
            }
            byte[] d = r.takeDatagram();
            if (d == null) {
                return new NetworkDatagram();
            }
            taken(d.length);
            return NetworkDatagram.received(d, dataPeer.getAddress(), dataPeer.getPort(), dataLocal.getAddress(),
                    dataLocal.getPort());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads up to {@code len} bytes of the current read channel into {@code b} without blocking
     * (message boundaries are not kept: a read may take parts of several datagrams).
     *
     * @return the bytes read; 0 if none has arrived (or {@code len} is 0); -1 if the socket is not
     *     open, or if it is not connected and nothing is left to read
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    public int read(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            ReadChannel r = readChannel();
            if (!open) {
                return -1;
            }
            if (r == null || r.bytes == 0) {
                return state == SocketState.CONNECTED && !inputEnded ? 0 : -1;
            }
            int n = r.read(b, off, len);
            taken(n);
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #read(byte[], int, int)} for the whole array. */
    public int read(byte[] b) {
        return read(b, 0, b.length);
    }

    /** Everything the current read channel holds now (possibly nothing); never blocks. */
    public byte[] readAll() {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            if (!open || r == null) {
                return new byte[0];
            }
            byte[] all = new byte[(int) Math.min(r.bytes, Integer.MAX_VALUE - 8)];
            taken(r.read(all, 0, all.length));
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a whole line (ending in {@code '\n'}) can be read from the current read channel now. */
    public boolean canReadLine() {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            return open && r != null && r.lineLength() >= 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads a line from the current read channel without blocking, as Qt's {@code readLine()}: the
     * bytes up to and including the first {@code '\n'}, or, if no whole line has arrived, everything
     * there is (possibly nothing).
     */
    public byte[] readLine() {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            if (!open || r == null) {
                return new byte[0];
            }
            long n = r.lineLength();
            byte[] line = new byte[(int) Math.min(n >= 0 ? n : r.bytes, Integer.MAX_VALUE - 8)];
            taken(r.read(line, 0, line.length));
            return line;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: {@code n} bytes left the read buffers; reads more from the association if it waited for room. */
    private void taken(long n) {
        buffered -= n;
        if (throttled && buffered < READ_BUFFER_LIMIT / 2) {
            throttled = false;
            schedulePump();
        }
    }

    /**
     * Blocks until new data can be read: true at once if the current read channel has data, else
     * true when anything arrives (on any channel), false when the timeout passes (error
     * {@link SocketError#SOCKET_TIMEOUT}) or the socket is or becomes unconnected with nothing to read.
     * A negative timeout waits without bound.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean waitForReadyRead(Duration timeout) {
        lock.lock();
        try {
            ReadChannel r = readChannel();
            if (open && r != null && r.bytes > 0) {
                return true;
            }
            long seen = arrivals;
            long deadline = deadline(timeout);
            while (arrivals == seen) {
                if (!open || inputEnded || (state != SocketState.CONNECTED && state != SocketState.CLOSING
                        && state != SocketState.CONNECTING && state != SocketState.HOST_LOOKUP)) {
                    return false;
                }
                if (!await(deadline)) {
                    setError(SocketError.SOCKET_TIMEOUT, "Network operation timed out");
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Queues {@code datagram}'s payload as one message on the current write channel and returns at
     * once; it is sent in the background ({@code channelBytesWritten} reports it).
     *
     * @return true if queued; false if the payload is empty, and false with an error if the socket
     *     is not connected or in TCP emulation ({@link SocketError#OPERATION}), the channel is not below
     *     {@link #writeChannelCount()} ({@link SocketError#OPERATION}), or the write queue is full
     *     ({@link SocketError#TEMPORARY})
     * @throws NullPointerException if {@code datagram} is null
     */
    public boolean writeDatagram(NetworkDatagram datagram) {
        Objects.requireNonNull(datagram, "datagram");
        lock.lock();
        try {
            if (!open || state != SocketState.CONNECTED || byteStream) {
                setError(SocketError.OPERATION, byteStream ? "writeDatagram() is not allowed in TCP emulation"
                        : "Socket is not connected");
                return false;
            }
            if (datagram.size() == 0) {
                return false;
            }
            return enqueue(currentWrite, datagram.data()) == datagram.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code len} bytes of {@code b} as one message on the current write channel (channel 0
     * in TCP emulation) and returns at once.
     *
     * @return the bytes queued: {@code len}; 0 if the write queue is full; -1 with an error if the
     *     socket is not connected
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not fit {@code b}
     */
    public long write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            if (!open || state != SocketState.CONNECTED || outputShutdown) {
                setError(SocketError.OPERATION, "Socket is not connected");
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = enqueue(byteStream ? 0 : currentWrite, java.util.Arrays.copyOfRange(b, off, off + len));
            return Math.max(n, 0);
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #write(byte[], int, int)} for the whole array. */
    public long write(byte[] b) {
        return write(b, 0, b.length);
    }

    /** With the lock held: queues one message; its length, 0 if the queue is full, -1 for a bad channel. */
    private int enqueue(int channel, byte[] data) {
        if (channel >= writeChannels) {
            setError(SocketError.OPERATION, "Channel " + channel + " is not below the write channel count "
                    + writeChannels);
            return -1;
        }
        if (outgoingBytes > 0 && outgoingBytes + data.length > WRITE_BUFFER_LIMIT) {
            setError(SocketError.TEMPORARY, SocketError.TEMPORARY.message());
            return 0;
        }
        outgoing.add(new Outgoing(channel, 0, ByteBuffer.wrap(data), false));
        outgoingBytes += data.length;
        schedulePump();
        return data.length;
    }

    /** Bytes queued and not yet handed to the association. */
    public long bytesToWrite() {
        return locked(() -> outgoingBytes);
    }

    /** Asks for queued data to be sent now (it is sent in the background anyway); true if any is queued. */
    public boolean flush() {
        schedulePump();
        return bytesToWrite() > 0;
    }

    /**
     * Blocks until queued data was handed to the association (what {@code bytesWritten} reports):
     * true at once if some was since the last call, false at once if nothing is queued, false when
     * the timeout passes (error {@link SocketError#SOCKET_TIMEOUT}) or the socket is unconnected.
     * A negative timeout waits without bound.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean waitForBytesWritten(Duration timeout) {
        lock.lock();
        try {
            long deadline = deadline(timeout);
            while (written == writtenSeen) {
                if (outgoing.isEmpty() || sessionEnded || session == null) {
                    return false;
                }
                if (!await(deadline)) {
                    setError(SocketError.SOCKET_TIMEOUT, "Network operation timed out");
                    return false;
                }
            }
            writtenSeen = written;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Closes the association gracefully and returns at once: queued data is still sent; while it is
     * under way the state is {@link SocketState#CLOSING}, then {@link SocketState#UNCONNECTED}
     * ({@code disconnected()}). Data already received stays readable. A connection attempt in
     * progress is abandoned. Does nothing when unconnected.
     */
    public void disconnectFromHost() {
        lock.lock();
        try {
            switch (state) {
                case HOST_LOOKUP, CONNECTING -> {
                    attempt++;
                    if (host != null) {
                        EventThreads.run(host::close);
                        host = null;
                    }
                    setState(SocketState.UNCONNECTED);
                }
                case CONNECTED -> {
                    closing = true;
                    if (written == 0 && outgoing.isEmpty() && !byteStream) {
                        shutdownNow();
                    } else {
                        setState(SocketState.CLOSING);
                        schedulePump();
                    }
                }
                default -> {
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the socket: what was received and not read is dropped (later reads find nothing;
     * {@link #readDatagram()} gives an invalid datagram), then {@link #disconnectFromHost()}: queued
     * data is still delivered. Returns at once.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            open = false;
            for (ReadChannel r : reads) {
                r.clear();
            }
            partial.clear();
            buffered = 0;
            changed.signalAll();
            disconnectFromHost();
            if (throttled) {
                throttled = false;
                schedulePump();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the association at once: queued data is dropped, the peer sees
     * {@link SocketError#REMOTE_HOST_CLOSED}, this socket becomes {@link SocketState#UNCONNECTED}
     * and closed (as {@link #close()}). Never blocks.
     */
    public void abort() {
        AssociationSession s;
        lock.lock();
        try {
            attempt++;
            outgoing.clear();
            outgoingBytes = 0;
            s = session;
            open = false;
            for (ReadChannel r : reads) {
                r.clear();
            }
            partial.clear();
            buffered = 0;
            leaveConnection();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.abort();
        }
        releaseHost(true);
    }

    /**
     * Blocks until the socket is {@link SocketState#UNCONNECTED}: false at once if it is already,
     * false with {@link SocketError#SOCKET_TIMEOUT} if the timeout passes first. A negative timeout
     * waits without bound.
     *
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean waitForDisconnected(Duration timeout) {
        lock.lock();
        try {
            if (state == SocketState.UNCONNECTED) {
                return false;
            }
            long deadline = deadline(timeout);
            while (state != SocketState.UNCONNECTED) {
                if (!await(deadline)) {
                    setError(SocketError.SOCKET_TIMEOUT, SocketError.SOCKET_TIMEOUT.message());
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: the state goes to UNCONNECTED, with what Qt clears then. */
    private void leaveConnection() {
        writeChannels = 0;
        peer = null;
        local = null;
        setState(SocketState.UNCONNECTED);
    }

    /** With the lock held: everything queued was handed on; shuts the association down. */
    private void shutdownNow() {
        if (shutdownSent || session == null) {
            return;
        }
        shutdownSent = true;
        session.shutdown();
        if (state == SocketState.CONNECTED) {
            leaveConnection();
        }
        if (sessionEnded) {
            leaveConnection();
        }
        releaseHost(false);
    }

    /** Lets the host go once the association is over: at once after an abort, else once it ends (bounded). */
    private void releaseHost(boolean now) {
        AssociationHost h;
        lock.lock();
        try {
            if (released || host == null) {
                return;
            }
            released = true;
            h = host;
        } finally {
            lock.unlock();
        }
        // Off this thread: closing a host waits for its loop, and the server takes its own lock.
        if (server != null) {
            EventThreads.run(() -> server.socketReleased(this));
        } else if (now) {
            EventThreads.run(h::close);
        } else {
            h.closeWhenIdle(LINGER);
        }
    }

    // ------------------------------------------------------------------ the pump

    private void schedulePump() {
        if (pumpScheduled.compareAndSet(false, true)) {
            io.execute(this::pump);
        }
    }

    /** Runs on the socket's I/O executor: moves received data to the channels and queued data to the association. */
    private void pump() {
        pumpScheduled.set(false);
        lock.lock();
        try {
            AssociationSession s = session;
            if (s == null) {
                return;
            }
            drainInbound(s);
            flushOutgoing(s);
            if (closing && outgoing.isEmpty() && !shutdownSent && !sessionEnded) {
                if (byteStream && !outputShutdown) {
                    outputShutdown = true;
                    sendEndOfOutput(s);
                }
                shutdownNow();
            }
        } finally {
            lock.unlock();
        }
    }

    private void drainInbound(AssociationSession s) {
        while (!sessionEnded) {
            // Once the association ended nothing more can come: take all of it, so the end is seen
            // even by an application that stopped reading.
            if (buffered >= READ_BUFFER_LIMIT && !s.hasEnded()) {
                throttled = true;
                return;
            }
            Inbound next = s.poll();
            if (next == null) {
                return;
            }
            if (next instanceof Inbound.Chunk c) {
                takeChunk(c);
            } else if (next instanceof Inbound.PeerShutdown) {
                peerClosed(null);
            } else if (next instanceof Inbound.Lost lost) {
                peerClosed(lost.cause());
            } else if (next instanceof Inbound.End) {
                ended();
            }
        }
    }

    private void takeChunk(Inbound.Chunk c) {
        if (!open || inputShutdown) {
            return;
        }
        byte[] data = c.data();
        if (c.payloadProtocolId() == END_OF_OUTPUT_PPID && c.last() && data.length == END_OF_OUTPUT.length
                && !partial.containsKey(c.source())) {
            if (byteStream) {
                inputEnded = true;
                arrivals++;
                changed.signalAll();
            }
            return;
        }
        int channel = byteStream ? 0 : c.streamNumber();
        if (channel >= reads.length) {
            return;
        }
        if (byteStream) {
            if (data.length == 0) {
                return;
            }
            buffered += data.length;
            reads[0].add(data);
        } else {
            ByteArrayOutputStream soFar = partial.get(c.source());
            if (!c.last()) {
                if (soFar == null) {
                    soFar = new ByteArrayOutputStream();
                    partial.put(c.source(), soFar);
                }
                soFar.writeBytes(data);
                return;
            }
            if (soFar != null) {
                soFar.writeBytes(data);
                data = soFar.toByteArray();
                partial.remove(c.source());
            }
            buffered += data.length;
            reads[channel].add(data);
        }
        arrivals++;
        changed.signalAll();
        if (channel == currentRead || byteStream) {
            emit(SctpSocketListener::readyRead);
        }
        emit(l -> l.channelReadyRead(channel));
    }

    /** The peer shut the association down ({@code cause} null) or it was lost. */
    private void peerClosed(IOException cause) {
        inputEnded = true;
        if (cause != null && inputFailure == null) {
            inputFailure = cause;
        }
        changed.signalAll();
        if (state == SocketState.CONNECTED || state == SocketState.CLOSING) {
            SocketError kind = cause == null || closedByPeer(cause) ? SocketError.REMOTE_HOST_CLOSED
                    : cause instanceof ChannelClosedException cc && cc.isIdleTimeout() ? SocketError.SOCKET_TIMEOUT
                    : SocketError.NETWORK;
            outgoing.clear();
            outgoingBytes = 0;
            leaveConnection();
            setError(kind, kind == SocketError.NETWORK ? String.valueOf(cause.getMessage()) : kind.message());
        }
    }

    private static boolean closedByPeer(IOException cause) {
        return cause instanceof StreamResetException r && r.byPeer()
                || cause instanceof ChannelClosedException cc
                        && (cc.reason() == ChannelClosedException.Cause.CLOSED_BY_PEER
                        || cc.reason() == ChannelClosedException.Cause.ABORTED);
    }

    private void ended() {
        sessionEnded = true;
        outgoing.clear();
        outgoingBytes = 0;
        inputEnded = true;
        changed.signalAll();
        if (state != SocketState.UNCONNECTED) {
            leaveConnection();
        }
        session.removeReadinessListener(readiness);
        releaseHost(true);
    }

    private void flushOutgoing(AssociationSession s) {
        while (!outgoing.isEmpty()) {
            Outgoing o = outgoing.peek();
            int length = o.data().remaining();
            try {
                if (s.send(o.channel(), false, o.payloadProtocolId(), 0, true, o.data(), 0) == 0
                        && o.data().hasRemaining()) {
                    return;
                }
            } catch (ClosedChannelException e) {
                outgoing.clear();
                outgoingBytes = 0;
                changed.signalAll();
                return;
            } catch (IOException | IllegalArgumentException e) {
                outgoing.clear();
                outgoingBytes = 0;
                changed.signalAll();
                setError(SocketError.NETWORK, String.valueOf(e.getMessage()));
                return;
            }
            outgoing.poll();
            if (o.endOfOutput()) {
                continue;
            }
            outgoingBytes -= length;
            written++;
            changed.signalAll();
            int channel = o.channel();
            if (channel == currentWrite || byteStream) {
                emit(l -> l.bytesWritten(length));
            }
            emit(l -> l.channelBytesWritten(channel, length));
        }
    }

    private void sendEndOfOutput(AssociationSession s) {
        outgoing.add(new Outgoing(0, END_OF_OUTPUT_PPID, ByteBuffer.wrap(END_OF_OUTPUT.clone()), true));
        flushOutgoing(s);
    }

    // ------------------------------------------------------------------ blocking streams (TCP emulation)

    /**
     * Reads into {@code b} from the current read channel, blocking until at least one byte has
     * arrived, the input ended (-1), or {@code timeoutMillis} passed (0: no bound).
     *
     * @throws SocketTimeoutException "Read timed out" when the timeout passes
     * @throws SocketException "Socket closed" if closed, "Connection reset" if the peer aborted
     * @throws InterruptedIOException if interrupted
     */
    int readBlocking(byte[] b, int off, int len, int timeoutMillis) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        lock.lock();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : Long.MAX_VALUE;
            while (true) {
                if (!open) {
                    throw new SocketException("Socket closed");
                }
                if (inputShutdown) {
                    return -1;
                }
                ReadChannel r = readChannel();
                if (r != null && r.bytes > 0) {
                    int n = r.read(b, off, len);
                    taken(n);
                    return n;
                }
                if (inputFailure != null && !(inputFailure instanceof ClosedChannelException)) {
                    throw new SocketException("Connection reset");
                }
                if (inputEnded || (session == null && state == SocketState.UNCONNECTED)) {
                    return -1;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException("Read timed out");
                }
                try {
                    changed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("read interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues {@code len} bytes of {@code b} as one message (channel 0 in TCP emulation, else the
     * current write channel), blocking while the write queue is full.
     *
     * @throws SocketException "Socket closed", "Socket output is shutdown", or "Broken pipe" when
     *     the association is gone
     * @throws InterruptedIOException if interrupted
     */
    void writeBlocking(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            while (true) {
                if (!open) {
                    throw new SocketException("Socket closed");
                }
                if (outputShutdown || closing) {
                    throw new SocketException("Socket output is shutdown");
                }
                if (state != SocketState.CONNECTED) {
                    throw new SocketException(inputFailure != null ? "Connection reset" : "Broken pipe");
                }
                if (len == 0) {
                    return;
                }
                if (outgoingBytes == 0 || outgoingBytes + len <= WRITE_BUFFER_LIMIT) {
                    enqueue(byteStream ? 0 : currentWrite, java.util.Arrays.copyOfRange(b, off, off + len));
                    return;
                }
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("write interrupted");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** TCP's half-close: sends "no more output" after what is queued; the peer reads the end of its input. */
    void shutdownOutput() {
        lock.lock();
        try {
            if (outputShutdown || session == null || state != SocketState.CONNECTED) {
                outputShutdown = true;
                return;
            }
            outputShutdown = true;
            outgoing.add(new Outgoing(0, END_OF_OUTPUT_PPID, ByteBuffer.wrap(END_OF_OUTPUT.clone()), true));
            schedulePump();
        } finally {
            lock.unlock();
        }
    }

    /** TCP's shutdownInput: reads find the end of the input; what arrives later is dropped. */
    void shutdownInput() {
        lock.lock();
        try {
            inputShutdown = true;
            for (ReadChannel r : reads) {
                r.clear();
            }
            partial.clear();
            buffered = 0;
            changed.signalAll();
            if (throttled) {
                throttled = false;
                schedulePump();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Bytes readable now without blocking (the current channel), for {@code InputStream.available()}. */
    int available() {
        return (int) Math.min(bytesAvailable(), Integer.MAX_VALUE);
    }

    /**
     * A blocking input stream over the current read channel: {@code read} waits until data
     * arrives and returns -1 once the peer ended its output. Closing the stream closes the socket.
     *
     * @throws IOException "Socket is not connected" if the socket is not connected
     */
    public InputStream getInputStream() throws IOException {
        if (!isOpen() || session() == null) {
            throw new SocketException("Socket is not connected");
        }
        return ByteStreams.input(this, () -> 0, true);
    }

    /**
     * A blocking output stream: each {@code write} queues one message (channel 0 in TCP emulation),
     * blocking while {@value #WRITE_BUFFER_LIMIT} bytes are queued. Closing it closes the socket.
     *
     * @throws IOException "Socket is not connected" if the socket is not connected
     */
    public OutputStream getOutputStream() throws IOException {
        if (!isOpen() || session() == null) {
            throw new SocketException("Socket is not connected");
        }
        return ByteStreams.output(this, true);
    }

    AssociationSession session() {
        return locked(() -> session);
    }

    InetSocketAddress boundAddress() {
        return locked(() -> dataLocal);
    }

    InetSocketAddress connectedAddress() {
        return locked(() -> dataPeer);
    }

    // ------------------------------------------------------------------ waiting

    private static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            return Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : timeout.toNanos();
        return now + nanos;
    }

    /** With the lock held: waits for a change; false once the deadline passed. Keeps the interrupt status. */
    private boolean await(long deadline) {
        if (deadline == Long.MAX_VALUE) {
            try {
                changed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            changed.awaitNanos(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    /** {@code value}, read with the lock held. */
    private <T> T locked(java.util.function.Supplier<T> value) {
        lock.lock();
        try {
            return value.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SctpSocket[" + state() + ", " + (isInDatagramMode() ? "datagram mode" : "TCP emulation") + "]";
    }
}
