/**
 * The SST channel between two hosts, sans-I/O: packet numbers, acknowledgements, loss recovery, congestion control, packet protection with key update, path validation. Use {@link io.jsst.engine.channel.Channel} through a host engine; time is always an argument.
 */
package io.jsst.engine.channel;
