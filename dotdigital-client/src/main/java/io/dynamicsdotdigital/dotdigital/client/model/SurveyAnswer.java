package io.dynamicsdotdigital.dotdigital.client.model;

/** One answer of a survey response; {@code subFieldId} is null for single-part questions. */
public record SurveyAnswer(long fieldId, Long subFieldId, String value) {
}
