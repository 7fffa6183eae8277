package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against the emulator: form answers carry their question texts and their response's ids (issue 16, Form Answer),
 * the survey's questions are read once and again only when the survey changed; the preference tree stream and the
 * opt-in's modified time (issue 18).
 */
class FormAnswersAndPreferencesTest {
    private DotdigitalEmulatorFixture fixture;

    @BeforeEach
    void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalSeed.defaults().contacts(30).addressBooks(1).campaigns(0)
                .unsubscribes(0).suppressions(0).surveys(1).responsesPerSurvey(3).preferences(3).randomSeed(7));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private long fieldReads(int surveyId) {
        return fixture.emulator.requests().count("GET /v2/surveys/" + surveyId + "/fields");
    }

    @Test
    void answersCarryTheQuestionTextAndTheirResponseAndTheQuestionsAreReadAgainOnlyWhenTheSurveyChanged()
            throws Exception {
        var state = fixture.emulator.state();
        int surveyId = state.surveys().get(0).id();
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = harness.start(EmulatorSourceProps.of(fixture, "survey-responses"));
        try {
            List<SourceRecord> first = harness.pollCycle(task, 100);
            assertEquals(3, first.size());
            Struct response = (Struct) first.get(0).value();
            List<Struct> answers = response.getArray("answers");
            Struct single = answers.stream().filter(a -> a.getInt64("fieldId") == 1).findFirst().orElseThrow();
            assertEquals("How did you hear about us?", single.getString("questionText"));
            assertNull(single.getString("subQuestionText"));
            assertEquals(response.getInt64("responseId"), single.getInt64("responseId"));
            assertEquals((long) surveyId, single.getInt64("surveyId"));
            Struct part = answers.stream().filter(a -> a.getInt64("fieldId") == 2).findFirst().orElseThrow();
            assertEquals("How likely are you to recommend us?", part.getString("questionText"));
            assertEquals("Score from 0 to 9", part.getString("subQuestionText"));
            assertEquals(1, fieldReads(surveyId));

            // a new response to the unchanged survey: its questions come from the cache
            state.addSurveyResponse(surveyId, DotdigitalSeed.email(1), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                    List.of(new Model.SurveyAnswer(1, 0, "A friend")));
            List<SourceRecord> second = harness.pollCycle(task, 100);
            assertEquals(1, second.size());
            assertEquals(1, fieldReads(surveyId), "questions of an unchanged survey are not read again");

            // the question is reworded: the survey's modified date moves and the questions are read once more
            Instant edited = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            state.setSurveyFields(surveyId, List.of(new Model.SurveyPage(1, "Page 1", List.of(
                    new Model.SurveyField(1, "FreeText", "Where did you hear of us?", List.of())))), edited);
            state.addSurveyResponse(surveyId, DotdigitalSeed.email(2), edited.plusSeconds(1),
                    List.of(new Model.SurveyAnswer(1, 0, "An advert")));
            List<SourceRecord> third = harness.pollCycle(task, 100);
            assertEquals(1, third.size());
            Struct reworded = ((Struct) third.get(0).value()).<Struct>getArray("answers").get(0);
            assertEquals("Where did you hear of us?", reworded.getString("questionText"));
            assertEquals(2, fieldReads(surveyId));
        } finally {
            task.stop();
        }
    }

    @Test
    void thePreferenceTreeIsEmittedOnceAndANewPreferenceAlone() throws Exception {
        var state = fixture.emulator.state();
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = harness.start(EmulatorSourceProps.of(fixture, "preferences"));
        try {
            List<SourceRecord> first = harness.pollCycle(task, 100);
            // the seed: one category holding topics 1 and 3, topic 2 at the top level
            assertEquals(4, first.size());
            Map<Long, Struct> byId = new java.util.HashMap<>();
            first.forEach(r -> byId.put(((Struct) r.key()).getInt64("preferenceId"), (Struct) r.value()));
            Model.Preference category = state.preferences().stream().filter(p -> !p.isPreference()).findFirst()
                    .orElseThrow();
            Struct cat = byId.get((long) category.id());
            assertEquals(false, cat.getBoolean("isPreference"));
            assertEquals("Newsletters", cat.getString("publicName"));
            assertEquals(Date.from(category.lastModified()), cat.get("lastModified"));
            long inCategory = byId.values().stream().filter(v -> v.getBoolean("isPreference")
                    && Long.valueOf(category.id()).equals(v.getInt64("categoryId"))).count();
            assertEquals(2, inCategory, "topics 1 and 3 name their category");
            assertEquals("dotdigital.preferences", first.get(0).topic());

            assertEquals(List.of(), harness.pollCycle(task, 100), "an unchanged tree emits nothing");

            Model.Preference added = state.addPreference("Events", category.id(), Instant.now());
            List<SourceRecord> third = harness.pollCycle(task, 100);
            assertEquals(1, third.size());
            assertEquals((long) added.id(), ((Struct) third.get(0).key()).getInt64("preferenceId"));
        } finally {
            task.stop();
        }
    }

    @Test
    void optInRecordsCarryTheirOwnPreferencesOptInAndModifiedTime() throws Exception {
        var state = fixture.emulator.state();
        Model.Preference topic = state.preferences().stream().filter(Model.Preference::isPreference).findFirst()
                .orElseThrow();
        Instant when = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.SECONDS);
        state.setOptIn(DotdigitalSeed.email(29), topic.id(), true, when);
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = harness.start(EmulatorSourceProps.of(fixture, "preference-opt-ins"));
        try {
            List<SourceRecord> records = harness.pollCycle(task, 100);
            Struct optIn = records.stream().map(r -> (Struct) r.value())
                    .filter(v -> v.getInt64("preferenceId") == topic.id())
                    .filter(v -> DotdigitalSeed.email(29).equalsIgnoreCase(v.getString("email")))
                    .findFirst().orElseThrow();
            assertEquals(true, optIn.getBoolean("isOptedIn"));
            assertEquals(Date.from(when), optIn.get("dateModified"));
            assertTrue(records.stream().map(r -> (Struct) r.value()).allMatch(v -> v.get("dateModified") != null));
            assertNotNull(optIn.getArray("optIns"));
        } finally {
            task.stop();
        }
    }
}
