package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.Paging;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebApiRequestsTest {
    private final WebApiRequests requests = new WebApiRequests(
            URI.create("https://org.crm.dynamics.com/api/data/v9.2/"), 5000);

    private static String header(HttpRequest r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static String decodedQuery(HttpRequest r) {
        return URLDecoder.decode(r.uri().getRawQuery(), StandardCharsets.UTF_8);
    }

    @Test
    void everyRequestCarriesTheODataHeaders() {
        HttpRequest r = requests.snapshot("contacts", List.of("contactid", "fullname"),
                Paging.TRACK_CHANGES).build();
        assertEquals("application/json", header(r, "Accept"));
        assertEquals("4.0", header(r, "OData-MaxVersion"));
        assertEquals("4.0", header(r, "OData-Version"));
        assertEquals("odata.maxpagesize=5000,odata.track-changes", header(r, "Prefer"));
        assertEquals("/api/data/v9.2/contacts", r.uri().getPath());
        assertEquals("$select=contactid,fullname", decodedQuery(r));
        assertFalse(r.uri().getRawQuery().contains("$filter"), "track-changes rejects $filter");
    }

    @Test
    void withoutColumnsTheSnapshotSelectsEverything() {
        HttpRequest r = requests.snapshot("contacts", List.of(), Paging.PLAIN).build();
        assertEquals(null, r.uri().getRawQuery());
        assertEquals("odata.maxpagesize=5000", header(r, "Prefer"));
    }

    @Test
    void watermarkPagesUseTheKeysetAndAnUpperBound() {
        HttpRequest r = requests.watermark("campaigns", List.of("campaignid"), Instant.parse("2023-04-07T21:59:01Z"),
                42, null, Instant.parse("2023-04-08T00:00:00Z"), "name eq 'O''Neil'", false).build();
        String q = decodedQuery(r);
        assertTrue(q.contains("$filter=(modifiedon gt 2023-04-07T21:59:01Z or (modifiedon eq 2023-04-07T21:59:01Z"
                + " and versionnumber gt 42)) and modifiedon lt 2023-04-08T00:00:00Z and (name eq 'O''Neil')"), q);
        assertTrue(q.contains("$orderby=modifiedon asc,versionnumber asc"), q);
        assertFalse(r.uri().getRawQuery().contains(" "), "spaces are encoded");
    }

    @Test
    void theFirstWatermarkPageStartsAtTheStartTimestamp() {
        HttpRequest r = requests.watermark("campaigns", List.of(), null, -1, Instant.parse("2024-01-31T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z"), "", true).build();
        String q = decodedQuery(r);
        assertTrue(q.startsWith("$filter=modifiedon ge 2024-01-31T00:00:00Z and modifiedon lt 2024-02-01T00:00:00Z"), q);
        assertTrue(header(r, "Prefer").contains("OData.Community.Display.V1.FormattedValue"));
    }

    @Test
    void linksAreFollowedVerbatim() {
        String link = "https://org.crm.dynamics.com/api/data/v9.2/contacts?$select=contactid&$skiptoken=%3Ccookie%20pagenumber=%222%22/%3E";
        HttpRequest r = requests.follow(link, Paging.TRACK_CHANGES).build();
        assertEquals(link, r.uri().toString());
        assertEquals("odata.maxpagesize=5000,odata.track-changes", header(r, "Prefer"));
    }

    @Test
    void metadataAsksForAttributesInOneCall() {
        HttpRequest r = requests.entityDefinition("contact").build();
        assertEquals("/api/data/v9.2/EntityDefinitions(LogicalName='contact')", r.uri().getPath());
        String q = decodedQuery(r);
        assertTrue(q.startsWith("$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled"
                + "&$expand=Attributes($select=LogicalName,AttributeType,AttributeTypeName"), q);
    }

    @Test
    void literalsDoubleQuotes() {
        assertEquals("'O''Neil'", ODataLiterals.string("O'Neil"));
        assertEquals("''''", ODataLiterals.string("'"));
    }
}
