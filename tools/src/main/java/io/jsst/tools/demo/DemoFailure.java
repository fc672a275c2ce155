package io.jsst.tools.demo;

/** A step of the demo failed or stalled; the message names the step and what went wrong. */
public final class DemoFailure extends Exception {

    DemoFailure(String message) {
        super(message);
    }

    DemoFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
