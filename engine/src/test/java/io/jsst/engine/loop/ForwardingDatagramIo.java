package io.jsst.engine.loop;

import io.jsst.engine.io.DatagramIo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;

/** Test base: a socket that does what {@code delegate} does; subclasses change one call. */
abstract class ForwardingDatagramIo implements DatagramIo {
    final DatagramIo delegate;

    ForwardingDatagramIo(DatagramIo delegate) {
        this.delegate = delegate;
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
        return delegate.send(datagram, to);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer into) throws IOException {
        return delegate.receive(into);
    }

    @Override
    public SelectableChannel selectableChannel() {
        return delegate.selectableChannel();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
