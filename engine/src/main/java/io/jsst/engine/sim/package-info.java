/**
 * A deterministic, seeded, in-process network on a virtual clock: use
 * {@link io.jsst.engine.sim.SimNetwork} to run endpoints through lossy, delayed, reordering links
 * in tests, where a 30-second transfer takes milliseconds and fails the same way every time.
 */
package io.jsst.engine.sim;
