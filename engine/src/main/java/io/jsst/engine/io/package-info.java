/**
 * Datagram I/O backends: use {@link io.jsst.engine.io.NioDatagramIo} to bind a real UDP socket
 * and hand it to an {@link io.jsst.engine.loop.EventLoop}.
 */
package io.jsst.engine.io;
