/**
 * A host's protocol core: the handshake (stateless cookie, signed transcript, key schedule) and the demultiplexing of datagrams to channels, behind {@link io.jsst.engine.host.DatagramEndpoint}, the face drivers feed.
 */
package io.jsst.engine.host;
