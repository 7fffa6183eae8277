package io.dynamicsdotdigital.dotdigital.source.mapping;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** A survey's question texts by field id, and the texts of multi-part questions' parts by field and sub-field. */
public final class QuestionTexts {
    public static final QuestionTexts NONE = new QuestionTexts(Map.of(), Map.of());

    private final Map<Long, String> questions;
    private final Map<String, String> parts;

    public QuestionTexts(Map<Long, String> questions, Map<String, String> parts) {
        this.questions = Collections.unmodifiableMap(new HashMap<>(questions));
        this.parts = Collections.unmodifiableMap(new HashMap<>(parts));
    }

    /** The question's text, or null when the survey has no such field (deleted since the answer was given). */
    public String question(long fieldId) {
        return questions.get(fieldId);
    }

    /** The part's text, or null for a single-part question. */
    public String part(long fieldId, Long subFieldId) {
        return subFieldId == null ? null : parts.get(fieldId + "/" + subFieldId);
    }
}
