/**
 * What the channel knows of its path: the anti-amplification limit before validation and path-MTU probing. Pure state machines, time passed in.
 */
package io.jsst.engine.channel.path;
