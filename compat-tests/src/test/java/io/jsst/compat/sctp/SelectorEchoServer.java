package io.jsst.compat.sctp;

import io.jsst.sctp.AbstractNotificationHandler;
import io.jsst.sctp.AssociationChangeNotification;
import io.jsst.sctp.HandlerResult;
import io.jsst.sctp.MessageInfo;
import io.jsst.sctp.SctpChannel;
import io.jsst.sctp.SctpServerChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking echo server on one thread and one selector, written the way JDK SCTP programs
 * (RestComm's, for one) are: SCTP channels, and optionally a plain TCP listener, on the same
 * selector. SCTP messages are echoed on the stream and with the identifier they came with; TCP
 * bytes are echoed as they come.
 */
final class SelectorEchoServer implements Runnable {

    /** What an SCTP connection still has to send back. */
    private static final class Pending {
        final ArrayDeque<ByteBuffer> data = new ArrayDeque<>();
        final ArrayDeque<MessageInfo> infos = new ArrayDeque<>();
    }

    private final Selector selector;
    private final SctpServerChannel sctp;
    private final ServerSocketChannel tcp;
    final AtomicInteger commUps = new AtomicInteger();
    final AtomicInteger readableOnAccept = new AtomicInteger();
    final AtomicInteger accepted = new AtomicInteger();
    volatile Throwable failure;
    private volatile boolean stop;

    SelectorEchoServer(Selector selector, SctpServerChannel sctp, ServerSocketChannel tcp) throws IOException {
        this.selector = selector;
        this.sctp = sctp;
        this.tcp = tcp;
        sctp.configureBlocking(false);
        sctp.register(selector, SelectionKey.OP_ACCEPT);
        if (tcp != null) {
            tcp.configureBlocking(false);
            tcp.register(selector, SelectionKey.OP_ACCEPT);
        }
    }

    void stop() {
        stop = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (!stop) {
                selector.select(1000);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.channel() == sctp && key.isAcceptable()) {
                        acceptSctp();
                    } else if (key.channel() == tcp && key.isAcceptable()) {
                        SocketChannel c = tcp.accept();
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocate(4096));
                        }
                    } else if (key.channel() instanceof SctpChannel c) {
                        serveSctp(key, c);
                    } else if (key.channel() instanceof SocketChannel c) {
                        serveTcp(key, c);
                    }
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void acceptSctp() throws IOException {
        SctpChannel c;
        while ((c = sctp.accept()) != null) {
            accepted.incrementAndGet();
            c.configureBlocking(false);
            SelectionKey key = c.register(selector, SelectionKey.OP_READ, new Pending());
            // A new association is readable at once: its COMM_UP is waiting.
            if ((selector.selectNow() >= 0) && key.isReadable()) {
                readableOnAccept.incrementAndGet();
            }
        }
    }

    private void serveSctp(SelectionKey key, SctpChannel c) throws IOException {
        Pending pending = (Pending) key.attachment();
        if (key.isReadable()) {
            for (int i = 0; i < 64; i++) {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                MessageInfo info = c.receive(buf, this, new AbstractNotificationHandler<SelectorEchoServer>() {
                    @Override
                    public HandlerResult handleNotification(AssociationChangeNotification n, SelectorEchoServer s) {
                        if (n.event() == AssociationChangeNotification.AssocChangeEvent.COMM_UP) {
                            s.commUps.incrementAndGet();
                        }
                        return HandlerResult.CONTINUE;
                    }
                });
                if (info == null) {
                    break;
                }
                if (info.bytes() < 0) {
                    key.cancel();
                    c.close();
                    return;
                }
                buf.flip();
                pending.data.add(buf);
                pending.infos.add(MessageInfo.createOutgoing(null, info.streamNumber())
                        .payloadProtocolID(info.payloadProtocolID()));
            }
        }
        while (!pending.data.isEmpty()) {
            if (c.send(pending.data.peek(), pending.infos.peek()) == 0) {
                break;
            }
            pending.data.poll();
            pending.infos.poll();
        }
        key.interestOps(pending.data.isEmpty() ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    private void serveTcp(SelectionKey key, SocketChannel c) throws IOException {
        ByteBuffer buf = (ByteBuffer) key.attachment();
        if (key.isReadable() && c.read(buf) < 0) {
            key.cancel();
            c.close();
            return;
        }
        buf.flip();
        c.write(buf);
        buf.compact();
        key.interestOps(buf.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
}
