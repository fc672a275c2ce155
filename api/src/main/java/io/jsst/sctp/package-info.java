/**
 * The JDK's {@code com.sun.nio.sctp} API, type for type and member for member, over jsst instead of
 * kernel SCTP: use it to run a program written for {@code com.sun.nio.sctp} by changing its imports.
 */
package io.jsst.sctp;
