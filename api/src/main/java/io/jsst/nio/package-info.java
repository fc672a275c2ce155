/**
 * Selection for jsst channels: use {@link io.jsst.nio.JsstSelectorProvider}'s selectors (jsst and JDK
 * channels on one selector, no JVM flags), or, under {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED},
 * the JDK's own selectors through {@link io.jsst.nio.JdkSelectorBridge}; channel implementations keep
 * their readiness in a {@link io.jsst.nio.ReadinessSupport}.
 */
package io.jsst.nio;
