package io.dynamicsdotdigital.dataverse.client;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privilege a Dataverse 403 names: the service answers "Principal user (Id=..., type=8, ...) is missing
 * prvReadContact privilege (Id=...)" (code 0x80040220) when the application user's security role lacks it.
 */
public final class MissingPrivilege {
    private static final Pattern NAMED = Pattern.compile("missing\\s+(prv[A-Za-z0-9_]+)\\s+privilege");

    private MissingPrivilege() {
    }

    /** The privilege an error message names, if it names one. */
    public static Optional<String> in(String errorText) {
        if (errorText == null) {
            return Optional.empty();
        }
        Matcher m = NAMED.matcher(errorText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * A hint for a 403: the privilege Dataverse names, else the one the request would need
     * ({@code prv<verb><table>}), and where the least privileges are documented.
     */
    public static String hint(String errorText, String needed) {
        return in(errorText).map(p -> "the application user's security role lacks " + p)
                .orElse("the application user's security role probably lacks " + needed)
                + " (docs/security.md lists what each connector needs)";
    }
}
