/**
 * SST itself, after libsst: {@link io.jsst.engine.Host} (a UDP socket and an identity),
 * {@link io.jsst.engine.Stream} (reliable ordered bytes with message boundaries over an encrypted,
 * congestion-controlled channel) and their configuration. Use this package to speak SST directly;
 * the SCTP-style faces in {@code io.jsst.sctp} and {@code io.jsst.socket} are built on it.
 */
package io.jsst.engine;
