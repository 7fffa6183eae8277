package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ODataLiteralsTest {
    static final String GUID = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void keyLiteralsFollowTheKeyColumnsType() {
        assertEquals("'" + GUID + "'", ODataLiterals.keyValue(GUID, "String"), "a GUID-shaped text stays text");
        assertEquals("'42'", ODataLiterals.keyValue("42", "String"));
        assertEquals("'42'", ODataLiterals.keyValue(42, "String"));
        assertEquals("42", ODataLiterals.keyValue("42", "Integer"));
        assertEquals("10000000000", ODataLiterals.keyValue(1.0E10, "Decimal"));
        assertEquals("12.50", ODataLiterals.keyValue(new BigDecimal("12.50"), "Money"));
        assertEquals(GUID, ODataLiterals.keyValue(GUID.toUpperCase(), "Lookup"));
        assertEquals("2024-05-01T10:00:00Z", ODataLiterals.keyValue("2024-05-01T12:00:00+02:00", "DateTime"));
        assertEquals("true", ODataLiterals.keyValue(Boolean.TRUE, "Boolean"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ODataLiterals.keyValue("4.5", "Integer"));
        assertTrue(e.getMessage().contains("Integer"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ODataLiterals.keyValue("abc", "Uniqueidentifier"));
    }

    @Test
    void withoutATypeNumbersAreWrittenInPlainNotation() {
        assertEquals("10000000000", ODataLiterals.keyValue(1.0E10));
        assertEquals("0.1", ODataLiterals.keyValue(0.1d));
        assertEquals("5", ODataLiterals.keyValue(5L));
        assertEquals("'O''Neil'", ODataLiterals.keyValue("O'Neil"));
    }
}
