/**
 * The {@code jsst} command line ({@link io.jsst.tools.JsstCommand}) and what its subcommands share:
 * option converters and human-readable formats.
 */
package io.jsst.tools;
