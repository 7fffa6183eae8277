package io.dynamicsdotdigital.dotdigital.client.model;

import java.time.Instant;
import java.util.List;

public record SurveyResponse(long id, String email, boolean started, Instant dateStarted, boolean complete,
                             Instant dateCompleted, List<SurveyAnswer> givenAnswers) {
    public SurveyResponse {
        givenAnswers = givenAnswers == null ? List.of() : List.copyOf(givenAnswers);
    }
}
