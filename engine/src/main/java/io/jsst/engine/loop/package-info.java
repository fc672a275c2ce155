/**
 * Real-time drivers: use an {@link io.jsst.engine.loop.EventLoop} to run endpoints over real UDP
 * sockets on one thread, with {@link io.jsst.engine.loop.SystemTimeSource} as their clock.
 */
package io.jsst.engine.loop;
