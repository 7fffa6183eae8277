package io.dynamicsdotdigital.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointKeysTest {

    @Test
    void foldsIdsAndDatesIntoFamilies() {
        assertEquals("GET /v2/campaigns/{id}/activities/since-date/{date}",
                EndpointKeys.family("GET /v2/campaigns/17/activities/since-date/2026-11-26T10:00:00Z"));
        assertEquals("GET /api/data/v9.2/contacts({id})",
                EndpointKeys.family("GET /api/data/v9.2/contacts(3f2504e0-4f89-11d3-9a0c-0305e82c3301)"));
        assertEquals("GET /v2/imports/{id}",
                EndpointKeys.family("GET /v2/imports/3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assertEquals("GET /api/data/v9.2/contacts", EndpointKeys.family("GET /api/data/v9.2/contacts"));
        assertEquals("POST /{id}/oauth2/v2.0/token",
                EndpointKeys.family("POST /3f2504e0-4f89-11d3-9a0c-0305e82c3301/oauth2/v2.0/token"));
    }

    @Test
    void sumsCountsOfTheSameFamily() {
        assertEquals(Map.of("GET /v2/campaigns/{id}/summary", 5L, "GET /v2/account-info", 1L),
                EndpointKeys.families(Map.of("GET /v2/campaigns/1/summary", 2L, "GET /v2/campaigns/22/summary", 3L,
                        "GET /v2/account-info", 1L)));
    }
}
