package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /v2/surveys/{id}/fields} as the spec gives it ({@code ApiSurveyPage[]} of {@code ApiSurveyField}s with
 * {@code subFields}), and a change of the questions moving {@code dateSurveyModified} and listing the survey in
 * {@code surveys/with-activity-since}.
 */
class SurveyFieldsContractTest {
    static final Instant ANCHOR = Instant.parse("2026-01-10T12:00:00Z");
    private DotdigitalEmulator emu;
    private Rest rest;

    @BeforeEach
    void start() {
        emu = DotdigitalEmulator.builder().https(true).soap(false)
                .seed(DotdigitalSeed.defaults().contacts(10).addressBooks(1).campaigns(0).unsubscribes(0)
                        .suppressions(0).surveys(1).responsesPerSurvey(2).preferences(0).randomSeed(7).anchor(ANCHOR))
                .build().start();
        rest = new Rest(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void fieldsArePagesOfQuestionsWithTheirParts() {
        int id = emu.state().surveys().get(0).id();
        JsonNode pages = rest.get("/v2/surveys/" + id + "/fields").json();
        assertEquals(1, pages.size());
        JsonNode fields = pages.get(0).path("fields");
        assertEquals("How did you hear about us?", fields.get(0).path("text").asText());
        assertEquals(1, fields.get(0).path("id").asInt());
        JsonNode part = fields.get(1).path("subFields").get(0);
        assertEquals(1, part.path("id").asInt());
        assertEquals("Score from 0 to 9", part.path("text").asText());
        for (String f : List.of("id", "type", "text", "isRequired", "subFields")) {
            assertTrue(fields.get(0).has(f), f);
        }
        assertEquals(404, rest.get("/v2/surveys/999999/fields").status());
    }

    @Test
    void changingTheQuestionsMovesTheModifiedDateAndListsTheSurveyAsChanged() {
        int id = emu.state().surveys().get(0).id();
        Instant edited = ANCHOR.plusSeconds(3600);
        emu.state().setSurveyFields(id, List.of(new Model.SurveyPage(1, "Page 1", List.of(
                new Model.SurveyField(1, "FreeText", "Reworded?", List.of())))), edited);
        assertEquals("Reworded?", rest.get("/v2/surveys/" + id + "/fields").json().get(0).path("fields").get(0)
                .path("text").asText());
        JsonNode changed = rest.get("/v2/surveys/with-activity-since/" + edited.minusSeconds(1)).json();
        assertEquals(1, changed.size());
        assertEquals(Instant.parse(changed.get(0).path("dateSurveyModified").asText()), edited);
    }
}
