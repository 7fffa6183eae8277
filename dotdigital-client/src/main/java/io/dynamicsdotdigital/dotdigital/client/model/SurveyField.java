package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.List;

/**
 * A question of a survey or form ({@code ApiSurveyField}); a matrix or multi-part question holds its parts as
 * {@code subFields}, which answers name by {@code subFieldId}.
 */
public record SurveyField(long id, String type, String text, List<SurveyField> subFields) {
    public SurveyField {
        subFields = subFields == null ? List.of() : List.copyOf(subFields);
    }
}
