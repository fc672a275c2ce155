/**
 * Benchmarks of jsst against kernel TCP and other transports. {@link io.jsst.bench.LoopbackBench}
 * is a plain-main comparison on 127.0.0.1; JMH benchmarks come beside it.
 */
package io.jsst.bench;
