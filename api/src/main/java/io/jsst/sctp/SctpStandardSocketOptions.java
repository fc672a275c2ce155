package io.jsst.sctp;

import io.jsst.sctp.impl.SctpStandardSocketOption;
import java.net.SocketAddress;

/**
 * The standard SCTP socket options. Each option's {@code name()} is the name of its field here, and each
 * option is one object: compare options with {@code ==} or {@code equals}, as sets of options do.
 */
public class SctpStandardSocketOptions {
    private SctpStandardSocketOptions() {
    }

    /**
     * Whether a message larger than the path can carry in one packet is refused instead of being split.
     * Whether this is supported is up to the implementation.
     */
    public static final SctpSocketOption<Boolean> SCTP_DISABLE_FRAGMENTS =
            new SctpStandardSocketOption<>("SCTP_DISABLE_FRAGMENTS", Boolean.class);

    /**
     * Whether a message may span several {@code send} calls, the last of which has
     * {@link MessageInfo#complete(boolean) complete(true)}. Off by default. Whether this is supported is
     * up to the implementation.
     */
    public static final SctpSocketOption<Boolean> SCTP_EXPLICIT_COMPLETE =
            new SctpStandardSocketOption<>("SCTP_EXPLICIT_COMPLETE", Boolean.class);

    /**
     * Whether the parts of messages that are delivered in parts may interleave: 0, no interleaving while
     * a message is partly delivered; 1, interleaving of messages of different associations (the same as
     * 0 on an {@link SctpChannel}); 2, interleaving of messages of different streams too.
     */
    public static final SctpSocketOption<Integer> SCTP_FRAGMENT_INTERLEAVE =
            new SctpStandardSocketOption<>("SCTP_FRAGMENT_INTERLEAVE", Integer.class);

    /**
     * The numbers of inbound and outbound streams this endpoint asks for when an association is set up;
     * 0 for either takes the implementation's default. The association gets at most what the peer
     * allows. On an {@link SctpChannel} it matters only before it connects; on an
     * {@link SctpServerChannel} or {@link SctpMultiChannel}, for the associations set up afterwards.
     */
    public static final SctpSocketOption<SctpStandardSocketOptions.InitMaxStreams> SCTP_INIT_MAXSTREAMS =
            new SctpStandardSocketOption<>("SCTP_INIT_MAXSTREAMS", SctpStandardSocketOptions.InitMaxStreams.class);

    /** Whether small messages are sent at once instead of being held to share a packet with later ones. */
    public static final SctpSocketOption<Boolean> SCTP_NODELAY =
            new SctpStandardSocketOption<>("SCTP_NODELAY", Boolean.class);

    /**
     * The peer address that this endpoint sends to by default; it must be one of the peer's addresses. On
     * an {@link SctpMultiChannel} it needs an association.
     */
    public static final SctpSocketOption<SocketAddress> SCTP_PRIMARY_ADDR =
            new SctpStandardSocketOption<>("SCTP_PRIMARY_ADDR", SocketAddress.class);

    /**
     * Asks the peer to send by default to the given address of this endpoint. It can only be set:
     * {@code getOption} throws {@link IllegalArgumentException}. Whether this is supported is up to the
     * implementation.
     */
    public static final SctpSocketOption<SocketAddress> SCTP_SET_PEER_PRIMARY_ADDR =
            new SctpStandardSocketOption<>("SCTP_SET_PEER_PRIMARY_ADDR", SocketAddress.class);

    /** The size of the send buffer in bytes, a hint. */
    public static final SctpSocketOption<Integer> SO_SNDBUF =
            new SctpStandardSocketOption<>("SO_SNDBUF", Integer.class);

    /** The size of the receive buffer in bytes, a hint. */
    public static final SctpSocketOption<Integer> SO_RCVBUF =
            new SctpStandardSocketOption<>("SO_RCVBUF", Integer.class);

    /**
     * How many seconds a blocking {@code close} waits for unsent data to be sent; negative (the default,
     * -1) disables lingering. Only a channel in blocking mode lingers.
     */
    public static final SctpSocketOption<Integer> SO_LINGER =
            new SctpStandardSocketOption<>("SO_LINGER", Integer.class);

    /**
     * The value of {@link #SCTP_INIT_MAXSTREAMS}: the numbers of inbound and outbound streams to ask for.
     * Two values are equal when both numbers are.
     */
    public static class InitMaxStreams {
        private final int maxInStreams;
        private final int maxOutStreams;

        private InitMaxStreams(int maxInStreams, int maxOutStreams) {
            this.maxInStreams = maxInStreams;
            this.maxOutStreams = maxOutStreams;
        }

        /**
         * Creates a value. Note the order of the arguments: inbound first, while
         * {@link SctpChannel#connect(SocketAddress, int, int)} takes outbound first.
         *
         * @param maxInStreams the number of inbound streams to ask for, 0 for the default
         * @param maxOutStreams the number of outbound streams to ask for, 0 for the default
         * @return the value
         * @throws IllegalArgumentException if either number is negative or greater than 65535 (the
         *         outbound number is checked first)
         */
        public static InitMaxStreams create(int maxInStreams, int maxOutStreams) {
            // 65535, not the 65536 of MessageInfo's stream numbers: the JDK checks these bounds, and the
            // exceptions must be the same as its.
            if (maxOutStreams < 0 || maxOutStreams > 65535) {
                throw new IllegalArgumentException("Invalid maxOutStreams value");
            }
            if (maxInStreams < 0 || maxInStreams > 65535) {
                throw new IllegalArgumentException("Invalid maxInStreams value");
            }
            return new InitMaxStreams(maxInStreams, maxOutStreams);
        }

        /**
         * Returns the number of inbound streams to ask for.
         *
         * @return the number of inbound streams, 0 for the default
         */
        public int maxInStreams() {
            return maxInStreams;
        }

        /**
         * Returns the number of outbound streams to ask for.
         *
         * @return the number of outbound streams, 0 for the default
         */
        public int maxOutStreams() {
            return maxOutStreams;
        }

        /**
         * Returns {@code Object.toString()} followed by the two numbers, as the JDK prints them:
         * {@code " [maxInStreams:<in>maxOutStreams:<out>]"}.
         */
        @Override
        public String toString() {
            return super.toString() + " [maxInStreams:" + maxInStreams + "maxOutStreams:" + maxOutStreams + "]";
        }

        @Override
        public boolean equals(Object obj) {
            return obj instanceof InitMaxStreams
                    && ((InitMaxStreams) obj).maxInStreams == maxInStreams
                    && ((InitMaxStreams) obj).maxOutStreams == maxOutStreams;
        }

        @Override
        public int hashCode() {
            return 7 ^ maxInStreams ^ maxOutStreams;
        }
    }
}
