package io.jsst.bench;

/**
 * Heap taken by {@code count} idle associations: used heap after a full GC with them open, less
 * the same before they were opened.
 *
 * @param count associations measured
 * @param heapBytes heap of all of them, both ends
 * @param serverEndBytes heap of the server's ends alone (its channels and streams once the clients
 *                       are gone), or -1 where not measured
 * @param clientHostBytes heap of the client hosts themselves before they connected (identity,
 *                        engine, simulated socket), not in {@code heapBytes}, or -1 where not measured
 * @param what what one association is made of here, for the notes (e.g. "channel, both ends")
 * @param histogram the classes the associations are made of, per association (markdown), or ""
 */
record IdleMemory(int count, long heapBytes, long serverEndBytes, long clientHostBytes, String what,
        String histogram) {

    IdleMemory(int count, long heapBytes, String what) {
        this(count, heapBytes, -1, -1, what, "");
    }

    double kibEach() {
        return heapBytes / 1024.0 / count;
    }

    /** KiB of the server end per association, NaN where not measured. */
    double serverEndKibEach() {
        return serverEndBytes < 0 ? Double.NaN : serverEndBytes / 1024.0 / count;
    }

    /** KiB of the client end per association (both ends less the server's), NaN where not measured. */
    double clientEndKibEach() {
        return serverEndBytes < 0 ? Double.NaN : (heapBytes - serverEndBytes) / 1024.0 / count;
    }

    /** KiB per client host, NaN where not measured. */
    double clientHostKibEach() {
        return clientHostBytes < 0 ? Double.NaN : clientHostBytes / 1024.0 / count;
    }
}
