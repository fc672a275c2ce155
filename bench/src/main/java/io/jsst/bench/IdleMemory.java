package io.jsst.bench;

/**
 * Heap taken by {@code count} idle associations: used heap after a full GC with them open, less
 * the same before they were opened.
 *
 * @param what what one association is made of here, for the notes (e.g. "channel, both ends")
 */
record IdleMemory(int count, long heapBytes, String what) {

    double kibEach() {
        return heapBytes / 1024.0 / count;
    }
}
