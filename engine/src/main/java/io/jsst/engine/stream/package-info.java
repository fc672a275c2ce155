/**
 * Per-stream state carried by a channel: send and receive buffers with message boundaries and stream flow control. Sans-I/O; the channel drives it.
 */
package io.jsst.engine.stream;
