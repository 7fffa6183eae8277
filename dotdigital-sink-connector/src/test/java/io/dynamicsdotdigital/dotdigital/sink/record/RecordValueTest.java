package io.dynamicsdotdigital.dotdigital.sink.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JSON text values beyond Jackson's stream limits are malformed records, never an NPE that kills the task. */
class RecordValueTest {
    /** An object nested deeper than Jackson's 1000-level limit. */
    static String deeplyNested() {
        return "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
    }

    @Test
    void jsonNestedBeyondTheStreamLimitIsMalformedJson() {
        RejectedRecordException e = assertThrows(RejectedRecordException.class, () -> RecordValue.of(deeplyNested()));
        assertEquals(RecordErrorKind.MALFORMED_JSON.code(), e.code());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        RejectedRecordException bytes = assertThrows(RejectedRecordException.class,
                () -> RecordValue.of(deeplyNested().getBytes(StandardCharsets.UTF_8)));
        assertEquals(RecordErrorKind.MALFORMED_JSON.code(), bytes.code());
    }

    @Test
    void aStringKeyNestedBeyondTheLimitIsReadAsAnOpaqueId() {
        String key = deeplyNested();
        assertEquals(key.toLowerCase(), ContactRecordParser.idFromKey(key, List.of("contactid")));
    }

    @Test
    void ordinaryMalformedJsonStillNamesLineAndColumn() {
        RejectedRecordException e = assertThrows(RejectedRecordException.class, () -> RecordValue.of("{\"a\":"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
