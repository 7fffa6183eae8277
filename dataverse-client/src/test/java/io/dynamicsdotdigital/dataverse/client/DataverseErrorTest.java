package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DataverseErrorTest {
    @Test
    void readsCodeAndMessage() {
        DataverseError e = DataverseError.read(("{\"error\":{\"code\":\"0x80044352\",\"message\":\"Version stamp"
                + " associated with the client has expired. Please perform a full sync.\"}}")
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("0x80044352", e.code());
        assertTrue(e.isExpiredDeltaToken());
    }

    @Test
    void anEmptyCodeOrAStrangeBodyStillGivesAMessage() {
        DataverseError e = DataverseError.read("{\"error\":{\"code\":\"\",\"message\":\"Bad\"}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("", e.code());
        assertEquals("Bad", e.message());
        assertFalse(e.isExpiredDeltaToken());
        assertEquals("<html>oops</html>", DataverseError.read("<html>oops</html>".getBytes(StandardCharsets.UTF_8))
                .message());
    }
}
