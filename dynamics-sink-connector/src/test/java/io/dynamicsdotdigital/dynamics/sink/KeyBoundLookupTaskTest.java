package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.EmulatedTable;
import io.dynamicsdotdigital.testsupport.DataverseEmulatorFixture;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * lookup.bindings by the target's alternate key, through the preset form-answer.json against the Dataverse
 * emulator: each answer lands bound to its Form Response (found by survey and response id) with its question texts;
 * an answer whose Form Response is missing is refused by Dataverse and dead-lettered.
 */
class KeyBoundLookupTaskTest {

    static Map<String, Object> answer(long surveyId, long responseId, long fieldId, String question, String sub) {
        Map<String, Object> a = new HashMap<>();
        a.put("surveyId", surveyId);
        a.put("responseId", responseId);
        a.put("fieldId", fieldId);
        a.put("subFieldId", fieldId * 10);
        a.put("value", "v" + fieldId);
        a.put("questionText", question);
        a.put("subQuestionText", sub);
        return a;
    }

    static SinkRecord response(long offset, long surveyId, long responseId, List<Map<String, Object>> answers) {
        Map<String, Object> v = new HashMap<>();
        v.put("surveyId", surveyId);
        v.put("responseId", responseId);
        v.put("answers", answers);
        return new SinkRecord("dotdigital.survey-responses", 0, null, null, null, v, offset);
    }

    static Map<String, Object> row(EmulatedTable answers, long responseId, long fieldId) {
        return answers.ids().stream().map(answers::get).filter(r -> Long.valueOf(responseId)
                .equals(r.get("esc_dotdigitalresponseid")) && Long.valueOf(fieldId).equals(r.get("esc_fieldid")))
                .findFirst().orElse(null);
    }

    @Test
    void aFormAnswerLandsBoundToItsFormResponseWithItsQuestionText() throws IOException {
        DataverseEmulatorFixture fixture = SharedWriteBackEmulator.get();
        String formResponse = fixture.emulator.table("esc_formresponse").create(Map.of(
                "esc_dotdigitalsurveyid", 7301L, "esc_dotdigitalresponseid", 7302L, "esc_email", "form@bind.test"));
        Map<String, String> props = WriteBackPresets.render(WriteBackPresets.DIR.resolve("form-answer.json"),
                fixture, "");
        props.put("errors.deadletterqueue.topic.name", "dlq");
        LinkedWritesTaskTest.Context context = new LinkedWritesTaskTest.Context(props);
        DynamicsSinkTask task = context.task();
        SinkRecord orphan = response(1, 7301L, 7399L, List.of(answer(7301L, 7399L, 1, "Lost?", null)));
        task.put(List.of(response(0, 7301L, 7302L, List.of(answer(7301L, 7302L, 1, "Rate O'Neil's talk", "Clarity"),
                answer(7301L, 7302L, 2, "Anything else?", null))), orphan));

        EmulatedTable answers = fixture.emulator.table("esc_formanswer");
        Map<String, Object> first = row(answers, 7302L, 1);
        assertEquals(formResponse, first.get("_esc_formresponseid_value"));
        assertEquals("Rate O'Neil's talk", first.get("esc_question"));
        assertEquals("Clarity", first.get("esc_subquestion"));
        Map<String, Object> second = row(answers, 7302L, 2);
        assertEquals(formResponse, second.get("_esc_formresponseid_value"));
        assertEquals("Anything else?", second.get("esc_question"));
        assertNull(row(answers, 7399L, 1), "no Form Response 7301/7399: Dataverse refuses the answer");
        assertEquals(List.of(orphan.kafkaOffset()), context.deadLettered.stream().map(SinkRecord::kafkaOffset).toList());
        assertTrue(context.reasons.get(0).contains("Does Not Exist"), context.reasons::toString);
        task.stop();
    }

    @Test
    void keyLiteralsFollowODataAndAMissingKeyFieldLeavesTheLookupOut() {
        LookupBinding binding = LookupBinding.parseAll(List.of("esc_x:esc_ys(esc_code=code", "esc_n=n.id)")).get(0);
        assertEquals("/esc_ys(esc_code='O''Neil',esc_n=12)", binding.target(Map.of("code", "O'Neil",
                "n", Map.of("id", 12L))));
        assertNull(binding.target(Map.of("code", "O'Neil")));
    }

    @Test
    void aMalformedKeyBindingIsRefusedNamingTheEntry() {
        Map<String, String> props = new HashMap<>();
        props.put("lookup.bindings", "esc_formresponseid:esc_formresponses(esc_dotdigitalsurveyid)");
        ConfigValue value = DynamicsSinkConfig.configDef().validate(props).stream()
                .filter(v -> v.name().equals("lookup.bindings")).findFirst().orElseThrow();
        assertTrue(value.errorMessages().toString().contains(
                "esc_formresponseid:esc_formresponses(esc_dotdigitalsurveyid)"), value.errorMessages()::toString);
        assertTrue(value.errorMessages().toString().contains("keycolumn=field"), value.errorMessages()::toString);
    }
}
