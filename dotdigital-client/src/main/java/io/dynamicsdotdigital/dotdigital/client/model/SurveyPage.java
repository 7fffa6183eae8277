package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.List;

/** One page of a survey or form and its questions ({@code ApiSurveyPage} of {@code GET /v2/surveys/{id}/fields}). */
public record SurveyPage(long id, String name, List<SurveyField> fields) {
    public SurveyPage {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
