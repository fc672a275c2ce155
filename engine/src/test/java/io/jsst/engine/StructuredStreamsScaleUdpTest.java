package io.jsst.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One server host over real UDP on 127.0.0.1 carries a thousand channels at once: a thousand
 * client hosts (one event-loop thread each) connect to its service, exchange one message each,
 * close their streams and go away.
 */
class StructuredStreamsScaleUdpTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final int CLIENTS = 1000;

    private static byte[] message(int i) {
        return ("hello from client " + i).getBytes();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneServerHostCarriesAThousandChannels() throws Exception {
        long t0 = System.nanoTime();
        List<Host> clients = new ArrayList<>(CLIENTS);
        Host server = Host.bind(HostConfig.builder().bindAddress(LOOPBACK).build());
        try {
            StreamServer service = server.listen("scale", "v1");
            AtomicInteger ended = new AtomicInteger();
            ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
            CompletableFuture<Void> allEnded = new CompletableFuture<>();
            acceptLoop(service, ended, errors, allEnded);

            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Host.bind(HostConfig.builder().bindAddress(LOOPBACK)
                        .connectTimeout(Duration.ofSeconds(30)).build()));
            }
            long bound = System.nanoTime();
            Endpoint target = Endpoint.of(server.eid(), server.localAddress());
            List<CompletableFuture<Stream>> connects = new ArrayList<>(CLIENTS);
            for (Host c : clients) {
                connects.add(Stream.connectToAsync(c, target, "scale", "v1"));
            }
            CompletableFuture.allOf(connects.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long connected = System.nanoTime();
            assertThat(server.channelStats()).hasSize(CLIENTS);

            List<CompletableFuture<byte[]>> echoes = new ArrayList<>(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                Stream s = connects.get(i).join();
                s.writeMessageAsync(ByteBuffer.wrap(message(i)));
                echoes.add(s.readMessageAsync());
            }
            CompletableFuture.allOf(echoes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < CLIENTS; i++) {
                assertThat(echoes.get(i).join()).as("echo %d", i).isEqualTo(message(i));
            }
            long echoed = System.nanoTime();

            List<CompletableFuture<Void>> closes = new ArrayList<>(CLIENTS);
            for (CompletableFuture<Stream> c : connects) {
                closes.add(c.join().closeAsync());
            }
            CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            allEnded.get(30, TimeUnit.SECONDS);
            System.out.printf("%d client hosts bound in %.2f s, connected in %.2f s, echoed in %.2f s, "
                            + "streams closed in %.2f s; server saw %d clean ends%n", CLIENTS, (bound - t0) / 1e9,
                    (connected - bound) / 1e9, (echoed - connected) / 1e9, (System.nanoTime() - echoed) / 1e9,
                    ended.get());
            assertThat(errors).isEmpty();
            assertThat(ended.get()).isEqualTo(CLIENTS);
        } finally {
            for (Host c : clients) {
                c.close();
            }
            server.close();
        }
    }

    /** Echoes one message per accepted stream, waits for the stream's end, then closes it. */
    private static void acceptLoop(StreamServer service, AtomicInteger ended, ConcurrentLinkedQueue<String> errors,
            CompletableFuture<Void> allEnded) {
        service.acceptAsync().whenComplete((s, e) -> {
            if (e != null) {
                return; // the server is closing
            }
            s.readMessageAsync()
                    .thenCompose(m -> s.writeMessageAsync(ByteBuffer.wrap(m)))
                    .thenCompose(v -> s.readMessageAsync())
                    .whenComplete((end, f) -> {
                        if (f != null) {
                            errors.add(f.toString());
                        } else if (end != null) {
                            errors.add("a second message where the end was due");
                        }
                        s.closeAsync();
                        if (ended.incrementAndGet() == CLIENTS) {
                            allEnded.complete(null);
                        }
                    });
            acceptLoop(service, ended, errors, allEnded);
        });
    }
}
