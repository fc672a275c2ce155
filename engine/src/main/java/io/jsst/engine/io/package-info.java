/**
 * Datagram I/O backends, the socket under an {@link io.jsst.engine.loop.EventLoop}:
 * {@link io.jsst.engine.io.NativeDatagramIo} (batched {@code sendmmsg}/{@code recvmmsg}, GSO, GRO,
 * don't-fragment, through the optional native-shim) and {@link io.jsst.engine.io.NioDatagramIo}
 * (pure Java, one datagram per call). {@link io.jsst.engine.io.IoBackend} picks one, by
 * {@code -Djsst.io=native|nio|auto}.
 */
package io.jsst.engine.io;
