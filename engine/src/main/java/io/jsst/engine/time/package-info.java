/**
 * Time as the core sees it: a {@link io.jsst.engine.time.TimeSource} in nanoseconds, read only by drivers and passed into the core.
 */
package io.jsst.engine.time;
