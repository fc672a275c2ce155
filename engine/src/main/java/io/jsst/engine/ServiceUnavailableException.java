package io.jsst.engine;

import java.net.ConnectException;

/** A connect reached the host, but nothing there listens for the service and protocol asked for. */
public class ServiceUnavailableException extends ConnectException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String protocol;

    public ServiceUnavailableException(String service, String protocol, Object target) {
        super("no listener for service \"" + service + "\", protocol \"" + protocol + "\" at " + target);
        this.service = service;
        this.protocol = protocol;
    }

    public String service() {
        return service;
    }

    public String protocol() {
        return protocol;
    }
}
