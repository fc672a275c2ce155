package io.jsst.sctp;

import java.net.SocketOption;

/**
 * A socket option of an SCTP channel. The standard ones are in {@link SctpStandardSocketOptions}.
 *
 * @param <T> the type of the option's value
 */
public interface SctpSocketOption<T> extends SocketOption<T> {
}
