/**
 * Cryptography of the SST channel: use it to name hosts ({@link io.jsst.engine.crypto.HostIdentity},
 * Ed25519 and {@link io.jsst.engine.Eid}), to agree on keys ({@link io.jsst.engine.crypto.EphemeralKeyPair},
 * X25519; {@link io.jsst.engine.crypto.Hkdf}), to admit handshakes without per-peer state
 * ({@link io.jsst.engine.crypto.CookieGenerator}), and to protect and de-duplicate packets
 * ({@link io.jsst.engine.crypto.CipherSuite}, {@link io.jsst.engine.crypto.PacketProtection},
 * {@link io.jsst.engine.crypto.ReplayWindow}). Only the JDK's providers are used; no I/O but key files,
 * no threads, no clock (time is a {@code nowNanos} argument).
 */
package io.jsst.engine.crypto;
