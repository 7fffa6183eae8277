package io.dynamicsdotdigital.dotdigital.client;

import java.util.Locale;

/** How the client talks to Dotdigital. */
public enum DotdigitalTransport {
    /** v2 and v3 REST (the default). */
    REST,
    /** v2 SOAP through Apache CXF, for accounts or proxies that only allow it; v3-only calls fall back to REST. */
    SOAP;

    public static DotdigitalTransport parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
