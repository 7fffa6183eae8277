package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.client.ActivityReads;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyField;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyPage;
import io.dynamicsdotdigital.dotdigital.source.mapping.QuestionTexts;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The question texts of each survey, read once through {@code GET /v2/surveys/{id}/fields} and kept until the
 * survey's {@code dateSurveyModified} changes: a survey's questions change far less often than responses arrive, and
 * each read costs an API call.
 */
final class SurveyQuestions {
    private record Cached(Instant modified, QuestionTexts texts) {
    }

    private final ActivityReads client;
    private final Map<Long, Cached> bySurvey = new HashMap<>();
    private long reads;

    SurveyQuestions(ActivityReads client) {
        this.client = client;
    }

    /** The survey's question texts, read again when the survey changed since they were read. */
    QuestionTexts of(Survey survey) {
        Cached cached = bySurvey.get(survey.id());
        if (cached != null && Objects.equals(cached.modified(), survey.dateSurveyModified())) {
            return cached.texts();
        }
        Map<Long, String> questions = new HashMap<>();
        Map<String, String> parts = new HashMap<>();
        for (SurveyPage page : client.surveyFields(survey.id())) {
            for (SurveyField field : page.fields()) {
                questions.put(field.id(), field.text());
                for (SurveyField sub : field.subFields()) {
                    parts.put(field.id() + "/" + sub.id(), sub.text());
                }
            }
        }
        reads++;
        QuestionTexts texts = new QuestionTexts(questions, parts);
        bySurvey.put(survey.id(), new Cached(survey.dateSurveyModified(), texts));
        return texts;
    }

    /** Field reads made since start (for tests). */
    long reads() {
        return reads;
    }
}
