package io.jsst.socket;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** The listeners of a socket or server, each with the executor it is called on. Thread-safe. */
final class ListenerRegistry<L> {

    private record Registration<L>(L listener, Executor executor) {
    }

    private final CopyOnWriteArrayList<Registration<L>> registrations = new CopyOnWriteArrayList<>();

    /** @throws NullPointerException if an argument is null */
    void add(L listener, Executor executor) {
        registrations.add(new Registration<>(Objects.requireNonNull(listener), Objects.requireNonNull(executor)));
    }

    /** Removes every registration of {@code listener}. */
    void remove(L listener) {
        registrations.removeIf(r -> r.listener() == listener);
    }

    /** Hands {@code event} to every listener, each on its own executor. */
    void emit(Consumer<L> event) {
        for (Registration<L> r : registrations) {
            r.executor().execute(() -> event.accept(r.listener()));
        }
    }
}
