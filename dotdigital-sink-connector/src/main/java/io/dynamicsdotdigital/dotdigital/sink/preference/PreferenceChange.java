package io.dynamicsdotdigital.dotdigital.sink.preference;

import java.time.Instant;

/**
 * One preference as Dynamics holds it: opted in or out, and when Dynamics last modified it.
 *
 * @param origin the column or row it came from, for messages
 */
public record PreferenceChange(long preferenceId, boolean optedIn, Instant modifiedOn, String origin) {
}
