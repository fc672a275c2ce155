package io.jsst.bench;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one benchmark step on a daemon thread, bounded in time: the step either returns its result,
 * fails, or is reported as stalled after the bound (its resources are then closed through {@code
 * onStall}, and the thread, if still blocked, is left behind as a daemon).
 *
 * @param <T> the step's result
 */
final class BoundedStep<T> {

    /** What became of a step: exactly one of {@code value}, {@code failure}, {@code stall} is set. */
    record Outcome<T>(T value, String failure, String stall) {
        boolean ok() {
            return value != null;
        }

        /** "stalled", "failed" or the given formatting of the value. */
        String show(java.util.function.Function<T, String> format) {
            return value != null ? format.apply(value) : stall != null ? "stalled" : "failed";
        }

        String problem() {
            return stall != null ? "stalled: " + stall : failure;
        }
    }

    private BoundedStep() {
    }

    static <T> Outcome<T> run(String name, Duration bound, Progress progress, Callable<T> step, Runnable onStall) {
        FutureTask<T> task = new FutureTask<>(step);
        Thread t = new Thread(task, "bench-" + name);
        t.setDaemon(true);
        long start = System.nanoTime();
        t.start();
        try {
            return new Outcome<>(task.get(bound.toNanos(), TimeUnit.NANOSECONDS), null, null);
        } catch (TimeoutException e) {
            String stall = String.format("%s: no result after %.0f s, progress %s", name,
                    (System.nanoTime() - start) / 1e9, progress);
            try {
                onStall.run();
            } catch (RuntimeException ignored) {
                // best effort
            }
            return new Outcome<>(null, null, stall);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            try {
                onStall.run();
            } catch (RuntimeException ignored) {
                // best effort
            }
            return new Outcome<>(null, name + ": failed: " + cause
                    + (progress.helperFailure() != null ? "; server side: " + progress.helperFailure() : ""), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            try {
                onStall.run();
            } catch (RuntimeException ignored) {
                // best effort
            }
            return new Outcome<>(null, name + ": interrupted", null);
        }
    }
}
