/**
 * Qt's SCTP model over jsst: use it when porting code written against Qt's {@code QSctpServer} and
 * {@code QSctpSocket} (method for method), or to run code written for {@code java.net.Socket} and
 * {@code ServerSocket} over jsst by changing the line that creates the socket.
 *
 * <ul>
 *   <li>{@link io.jsst.socket.SctpServer} and {@link io.jsst.socket.SctpSocket}: maximum channel counts,
 *       datagram mode ({@link io.jsst.socket.NetworkDatagram}s on several channels) and TCP emulation
 *       (one byte stream), Qt's states ({@link io.jsst.socket.SocketState}), errors
 *       ({@link io.jsst.socket.SocketError}) and signals as listeners on an executor of your choice.
 *   <li>{@link io.jsst.socket.JsstServerSocket} and {@link io.jsst.socket.JsstSocket}: {@code java.net}
 *       server and client sockets in TCP emulation.
 * </ul>
 *
 * Built on the association layer ({@code io.jsst.association}), as {@code io.jsst.sctp} is: a jsst
 * socket of either face can talk to the other.
 */
package io.jsst.socket;
