/** {@code jsst demo}: a server and a client host in one JVM, showing each mode of jsst in a few lines. */
package io.jsst.tools.demo;
