package io.dynamicsdotdigital.dotdigital.sink.preference;

import java.util.Locale;

/** Dotdigital's email opt-in types, weakest first: the order in which a contact's opt-in type may only move up. */
public enum OptInType {
    UNKNOWN("Unknown"), SINGLE("Single"), DOUBLE("Double"), VERIFIED_DOUBLE("VerifiedDouble");

    private final String apiName;

    OptInType(String apiName) {
        this.apiName = apiName;
    }

    /** The v2 name (Single, Double, VerifiedDouble, Unknown). */
    public String apiName() {
        return apiName;
    }

    /**
     * Reads the v2 or v3 spelling ignoring case, spaces, '_' and '-' (VerifiedDouble, verifiedDouble, verified_double).
     *
     * @return null when the text is not an opt-in type
     */
    public static OptInType parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.replaceAll("[\\s_-]", "").toLowerCase(Locale.ROOT);
        for (OptInType o : values()) {
            if (o.apiName.toLowerCase(Locale.ROOT).equals(t)) {
                return o;
            }
        }
        return null;
    }

    public boolean isAbove(OptInType other) {
        return compareTo(other) > 0;
    }
}
