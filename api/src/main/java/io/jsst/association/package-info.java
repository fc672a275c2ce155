/**
 * Associations: SCTP's unit of communication, carried by SST, shared by jsst's two SCTP faces
 * ({@code io.jsst.sctp} and {@code io.jsst.socket}). Internal to jsst: applications use those faces.
 *
 * <p>An association is a top-level SST stream to service {@value AssociationWire#SERVICE}. Its first
 * message each way is an INIT carrying the side's stream limits and bound addresses; SCTP stream
 * <i>n</i> is a substream of it opened on first use (zero round trips); an unordered message rides
 * on a substream of its own; every message carries its payload protocol identifier. The end of the
 * control stream is SCTP's SHUTDOWN. {@code docs/wire-format.md} has the bytes.
 *
 * <ul>
 *   <li>{@link AssociationHost}: a bound host that connects and accepts associations.
 *   <li>{@link AssociationSession}: one association: sending, the inbound queue, shutdown.
 *   <li>{@link StreamLimits} and {@link StreamCounts}: what a side offers and what is negotiated.
 *   <li>{@link Inbound}: what a receive yields: message chunks and association events.
 * </ul>
 */
package io.jsst.association;
