package io.dynamicsdotdigital.dotdigital.client.model;

/** A contact opted in to ({@code optedIn}) or out of one marketing preference, as written to Dotdigital. */
public record PreferenceChoice(long preferenceId, boolean optedIn) {
}
