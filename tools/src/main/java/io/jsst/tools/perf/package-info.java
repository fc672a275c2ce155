/**
 * {@code jsst perf}: an iperf-like throughput test between two machines (a server and a client),
 * reporting throughput, RTT, loss and retransmissions every second and a summary at the end.
 */
package io.jsst.tools.perf;
