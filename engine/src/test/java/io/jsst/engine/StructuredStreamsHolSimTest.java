package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsst.engine.sim.LinkProfile;
import io.jsst.engine.sim.SimFate;
import io.jsst.engine.testing.SimPair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No head-of-line blocking between streams: ten substreams of one channel each send a small
 * message every 10 ms for 5 s through a link with 5% random loss (5 ms one way). A lost packet
 * delays the later messages of its own stream only; the other streams' messages overtake it.
 *
 * <p>The streams send at staggered instants (stream i at i ms past each 10 ms tick) so each
 * message travels in a packet of its own. Were all streams one ordered byte stream, every message
 * sent after a lost one would wait for its retransmission; the overtaking ratio checked below
 * would then be zero and most messages would arrive late.
 */
// Real seconds; a separate thread, so a simulated run that deadlocks fails instead of hanging the build.
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StructuredStreamsHolSimTest {
    private static final long SEED = 4242;
    private static final int STREAMS = 10;
    private static final int MESSAGES = 500;
    private static final long PERIOD = 10_000_000L;
    /**
     * Short enough that the congestion window at 5% loss (a few packets per round trip) still
     * carries the offered 1,000 small packets a second: latency here comes from loss, not queueing.
     */
    private static final long ONE_WAY = 5_000_000L;
    /** RFC 9000 §18.2 default max_ack_delay, which a retransmission may wait for. */
    private static final long MAX_ACK_DELAY = 10_000_000L;
    private static final long RTT = 2 * ONE_WAY;
    private static final long ON_TIME = ONE_WAY + 5_000_000L;
    private static final int SIZE = 64;

    /** One message as sent and as received. */
    private static final class Sample {
        long sentAt = -1;
        long arrivedAt = -1;

        long latency() {
            return arrivedAt - sentAt;
        }
    }

    @Test
    void aLostPacketDelaysOnlyTheLaterMessagesOfItsOwnStream() throws Exception {
        SimPair pair = new SimPair(SEED);
        pair.net.setDefaultProfile(LinkProfile.builder().delay(Duration.ofNanos(ONE_WAY))
                .bandwidth(100_000_000L, 1 << 20).loss(0.05).build());
        pair.connect();
        AtomicLong dropped = new AtomicLong();
        pair.net.addTraceListener((time, from, to, length, fate) -> {
            if (fate == SimFate.DROPPED_LOSS && from.equals(SimPair.CLIENT)) {
                dropped.incrementAndGet();
            }
        });

        Sample[][] samples = new Sample[STREAMS][MESSAGES];
        for (Sample[] row : samples) {
            for (int k = 0; k < MESSAGES; k++) {
                row[k] = new Sample();
            }
        }
        List<String> violations = new ArrayList<>();
        int[] received = new int[1];
        pair.serverStream.setSubstreamListener(s -> readAll(pair, s, samples, violations, received));

        long start = pair.net.nowNanos() + 10_000_000L;
        for (int i = 0; i < STREAMS; i++) {
            Stream sub = pair.clientStream.openSubstream();
            int stream = i;
            for (int k = 0; k < MESSAGES; k++) {
                int seq = k;
                long at = start + stream * 1_000_000L + k * PERIOD;
                pair.net.schedule(at, () -> {
                    samples[stream][seq].sentAt = pair.net.nowNanos();
                    ByteBuffer m = ByteBuffer.allocate(SIZE);
                    m.putInt(stream).putInt(seq).putLong(pair.net.nowNanos());
                    m.clear();
                    sub.writeMessageAsync(m);
                });
            }
        }
        boolean all = pair.net.runUntil(() -> received[0] == STREAMS * MESSAGES,
                Duration.ofSeconds(5 + 10));
        System.out.printf("seed %d: %d of %d messages in %.3f s virtual; %d client packets lost on the link; "
                + "client %s%n", SEED, received[0], STREAMS * MESSAGES, pair.virtualSeconds(), dropped.get(),
                pair.clientStream.stats());

        assertThat(violations).as("order and stream identity violations").isEmpty();
        assertThat(all).as("all messages delivered").isTrue();

        long[] latencies = new long[STREAMS * MESSAGES];
        int n = 0;
        int onTime = 0;
        for (Sample[] row : samples) {
            for (Sample s : row) {
                latencies[n++] = s.latency();
                if (s.latency() <= ON_TIME) {
                    onTime++;
                }
            }
        }
        Arrays.sort(latencies);
        long median = latencies[latencies.length / 2];
        long p99 = latencies[latencies.length * 99 / 100];
        long max = latencies[latencies.length - 1];

        // For each late message M: the messages of other streams sent after M, early enough that
        // they would have arrived before M had they not been held behind it.
        long candidates = 0;
        long overtook = 0;
        int late = 0;
        for (int i = 0; i < STREAMS; i++) {
            for (Sample m : samples[i]) {
                if (m.latency() <= ON_TIME) {
                    continue;
                }
                late++;
                for (int j = 0; j < STREAMS; j++) {
                    if (j == i) {
                        continue;
                    }
                    for (Sample o : samples[j]) {
                        if (o.sentAt > m.sentAt && o.sentAt + ON_TIME < m.arrivedAt) {
                            candidates++;
                            if (o.arrivedAt < m.arrivedAt) {
                                overtook++;
                            }
                        }
                    }
                }
            }
        }
        double overtakingRatio = candidates == 0 ? 0 : (double) overtook / candidates;
        System.out.printf("latency: min %.2f ms, median %.2f ms, p99 %.2f ms, max %.2f ms; on time %d of %d; "
                        + "%d late messages, overtaken by %d of %d later messages of other streams (%.1f%%)%n",
                latencies[0] / 1e6, median / 1e6, p99 / 1e6, max / 1e6, onTime, n, late, overtook, candidates,
                100 * overtakingRatio);

        assertThat(dropped.get()).as("client packets the link dropped").isGreaterThan(50);
        assertThat(latencies[0]).as("no message beats the one-way delay").isGreaterThanOrEqualTo(ONE_WAY);
        assertThat(median).as("the typical message takes the one-way delay").isLessThanOrEqualTo(ONE_WAY + 2_000_000L);
        assertThat((double) onTime / n).as("share of messages on time (a shared ordered stream gives ~10%%)")
                .isGreaterThan(0.6);
        assertThat(late).as("loss made some messages late").isGreaterThan(50);
        assertThat(overtakingRatio).as("later messages of other streams overtake a late message "
                + "(0 if all streams shared one ordered byte stream)").isGreaterThan(0.5);
        assertThat(p99).as("p99 latency within one-way delay + 3 RTT + 2 max ack delays")
                .isLessThan(ONE_WAY + 3 * RTT + 2 * MAX_ACK_DELAY);
        assertThat(max).as("max latency").isLessThan(1_000_000_000L);
    }

    private static void readAll(SimPair pair, Stream s, Sample[][] samples, List<String> violations, int[] received) {
        int[] streamOf = {-1};
        int[] next = {0};
        new Runnable() {
            @Override
            public void run() {
                s.readMessageAsync().whenComplete((m, e) -> {
                    if (e != null) {
                        violations.add("read failed on stream " + streamOf[0] + ": " + e);
                        return;
                    }
                    if (m == null) {
                        return;
                    }
                    ByteBuffer b = ByteBuffer.wrap(m);
                    int stream = b.getInt();
                    int seq = b.getInt();
                    if (m.length != SIZE || stream < 0 || stream >= STREAMS) {
                        violations.add("bad message of " + m.length + " bytes, stream " + stream);
                        return;
                    }
                    if (streamOf[0] < 0) {
                        streamOf[0] = stream;
                    } else if (streamOf[0] != stream) {
                        violations.add("message of stream " + stream + " arrived on stream " + streamOf[0]);
                    }
                    if (seq != next[0]) {
                        violations.add("stream " + stream + ": message " + seq + " arrived when " + next[0]
                                + " was due");
                    }
                    next[0] = seq + 1;
                    if (seq >= 0 && seq < MESSAGES) {
                        samples[stream][seq].arrivedAt = pair.net.nowNanos();
                    }
                    received[0]++;
                    run();
                });
            }
        }.run();
    }
}
