package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;

/** A survey or form (a subset of the API's many survey statistics). */
public record Survey(long id, String name, String url, String state, Instant dateSurveyCreated,
                     Instant dateSurveyModified, Instant lastResponseDate, int totalCompleteResponses) {
}
