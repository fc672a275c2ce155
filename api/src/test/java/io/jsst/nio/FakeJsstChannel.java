package io.jsst.nio;

import java.nio.channels.spi.AbstractSelectableChannel;

/** A jsst channel whose readiness the test sets. */
class FakeJsstChannel extends AbstractSelectableChannel implements JsstSelectableChannel {
    private final int validOps;
    final ReadinessSupport readiness;

    FakeJsstChannel(int validOps) {
        super(JsstSelectorProvider.provider());
        this.validOps = validOps;
        this.readiness = new ReadinessSupport(validOps);
    }

    /** A non-blocking channel whose valid ops are read, write and connect, like SctpChannel. */
    static FakeJsstChannel open() throws java.io.IOException {
        FakeJsstChannel channel = new FakeJsstChannel(
                java.nio.channels.SelectionKey.OP_READ | java.nio.channels.SelectionKey.OP_WRITE
                        | java.nio.channels.SelectionKey.OP_CONNECT);
        channel.configureBlocking(false);
        return channel;
    }

    void setReady(int ops) {
        readiness.update(ops);
    }

    @Override
    public int validOps() {
        return validOps;
    }

    @Override
    public int readyOps() {
        return readiness.readyOps();
    }

    @Override
    public void addReadinessListener(Runnable listener) {
        readiness.addListener(listener);
    }

    @Override
    public void removeReadinessListener(Runnable listener) {
        readiness.removeListener(listener);
    }

    @Override
    protected void implCloseSelectableChannel() {
        readiness.close();
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
    }
}
