/**
 * Stateless codecs of the wire format (docs/wire-format.md): varints, the packet header, the handshake packets, and frames read through a {@link io.jsst.engine.wire.FrameVisitor}. Use it to encode or parse bytes; it keeps no state.
 */
package io.jsst.engine.wire;
