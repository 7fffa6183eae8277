package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;

/** The preference, consent and opt-in type counters, registered on the task's {@link ConnectorMetrics}. */
public final class PreferenceMetrics {
    public static final String PREFERENCES_WRITTEN = "preference-changes-written-total";
    public static final String PREFERENCES_OLDER_SKIPPED = "preference-changes-older-skipped-total";
    public static final String PREFERENCES_UNCHANGED = "preference-changes-unchanged-total";
    public static final String OPTIN_TYPE_RAISED = "optin-type-raised-total";
    public static final String OPTIN_TYPE_LOWER_IGNORED = "optin-type-lower-ignored-total";
    public static final String CONSENT_RECORDS_WRITTEN = "consent-records-written-total";

    final ConnectorMetrics.Counter written;
    final ConnectorMetrics.Counter olderSkipped;
    final ConnectorMetrics.Counter unchanged;
    final ConnectorMetrics.Counter optInTypeRaised;
    final ConnectorMetrics.Counter optInTypeLowerIgnored;
    final ConnectorMetrics.Counter consentWritten;

    public PreferenceMetrics(ConnectorMetrics metrics) {
        written = metrics.counter(PREFERENCES_WRITTEN, "Preference opt-ins and opt-outs written to Dotdigital");
        olderSkipped = metrics.counter(PREFERENCES_OLDER_SKIPPED, "Preference changes not written because"
                + " Dotdigital's change of the same contact and preference is newer (beyond the clock skew tolerance)");
        unchanged = metrics.counter(PREFERENCES_UNCHANGED, "Preference values not written because Dotdigital already"
                + " holds them (among them changes that came from Dotdigital through the write-back)");
        optInTypeRaised = metrics.counter(OPTIN_TYPE_RAISED, "Contacts whose opt-in type was raised");
        optInTypeLowerIgnored = metrics.counter(OPTIN_TYPE_LOWER_IGNORED, "Opt-in types from Dynamics ignored"
                + " because they are lower than Dotdigital's (opt-in types only move up)");
        consentWritten = metrics.counter(CONSENT_RECORDS_WRITTEN, "Consent records added to Dotdigital contacts");
    }
}
