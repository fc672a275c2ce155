/**
 * Loss recovery for a channel after RFC 9002: RTT estimation, sent-packet bookkeeping, loss detection
 * and probe timeouts. Pure state machines with {@code nowNanos} passed in; use them from the channel,
 * never with a clock or a thread of their own.
 */
package io.jsst.engine.channel.recovery;
