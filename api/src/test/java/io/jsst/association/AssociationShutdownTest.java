package io.jsst.association;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssociationShutdownTest {

    /** Polls {@code s} until End, running the network meanwhile; what came, as class names (chunks as their bytes). */
    private static List<String> drain(SimulatedAssociations a, AssociationSession s) {
        List<String> seen = new ArrayList<>();
        boolean ended = a.net.runUntil(() -> {
            if (seen.contains("End")) {
                return true;   // End stays queued: poll it once only
            }
            for (Inbound next = s.poll(); next != null; next = s.poll()) {
                seen.add(next instanceof Inbound.Chunk c ? "Chunk(" + c.data().length + ")"
                        : next.getClass().getSimpleName());
                if (next instanceof Inbound.End) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(10));
        assertThat(ended).as("ended; saw %s", seen).isTrue();
        return seen;
    }

    @Test
    void bothSidesShuttingDownAtOnceBothCompleteAfterTheirData() throws Exception {
        SimulatedAssociations a = new SimulatedAssociations(21, b -> { }, StreamLimits.DEFAULT, StreamLimits.DEFAULT);
        a.clientSession.send(1, false, 0, 0, true, ByteBuffer.allocate(3000), 0);
        a.serverSession.send(2, false, 0, 0, true, ByteBuffer.allocate(5000), 0);
        a.clientSession.shutdown();
        a.serverSession.shutdown();

        assertThat(drain(a, a.serverSession)).containsSubsequence("Chunk(3000)", "ShutdownComplete", "End");
        assertThat(drain(a, a.clientSession)).containsSubsequence("Chunk(5000)", "ShutdownComplete", "End");
    }

    @Test
    void aPeerShutdownArrivesAfterEverythingSentBeforeIt() throws Exception {
        SimulatedAssociations a = new SimulatedAssociations(22, b -> { }, StreamLimits.DEFAULT, StreamLimits.DEFAULT);
        for (int i = 0; i < 5; i++) {
            a.clientSession.send(i, false, 0, 0, true, ByteBuffer.allocate(1000 + i), 0);
        }
        a.clientSession.shutdown();

        List<String> server = drain(a, a.serverSession);
        assertThat(server.subList(0, 5)).containsExactlyInAnyOrder("Chunk(1000)", "Chunk(1001)", "Chunk(1002)",
                "Chunk(1003)", "Chunk(1004)");
        assertThat(server.subList(5, server.size())).containsExactly("PeerShutdown", "ShutdownComplete", "End");
        assertThat(drain(a, a.clientSession)).containsExactly("ShutdownComplete", "End");
    }
}
