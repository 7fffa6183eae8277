package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

/** A contact's opt-in state for one preference; the API's field is spelled {@code dateModifed}. */
public record MarketingPreferenceOptIn(long marketingPreferenceId, long addressBookId, boolean isOptedIn,
                                       Instant dateModified) {
}
