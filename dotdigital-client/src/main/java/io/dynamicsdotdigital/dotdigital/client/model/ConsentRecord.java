package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Evidence of a contact's marketing consent, the five fields Dotdigital keeps (v3 {@code consentRecords}, v2
 * {@code consentFields} keys TEXT, DATETIMECONSENTED, URL, IPADDRESS, USERAGENT).
 *
 * @param text the consent wording shown to the contact; required
 */
public record ConsentRecord(String text, Instant dateTimeConsented, String url, String ipAddress, String userAgent) {
    public ConsentRecord {
        Objects.requireNonNull(text, "text");
    }

    /** The same evidence: equal text, time, URL, IP address and user agent (blank and null alike). */
    public boolean sameEvidence(ConsentRecord other) {
        return text.equals(other.text) && Objects.equals(dateTimeConsented, other.dateTimeConsented)
                && blankToNull(url).equals(blankToNull(other.url))
                && blankToNull(ipAddress).equals(blankToNull(other.ipAddress))
                && blankToNull(userAgent).equals(blankToNull(other.userAgent));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? "" : s;
    }
}
