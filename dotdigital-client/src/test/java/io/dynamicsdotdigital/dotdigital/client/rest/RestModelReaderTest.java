package io.dynamicsdotdigital.dotdigital.client.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of the published example responses (copied from Dotdigital's reference pages). */
class RestModelReaderTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode example(String name) throws IOException {
        try (InputStream in = RestModelReaderTest.class.getResourceAsStream("/examples/" + name)) {
            return MAPPER.readTree(in);
        }
    }

    @Test
    void accountInfoExposesTheRegionalEndpointWithoutTrailingSlash() throws IOException {
        AccountInfo info = RestModelReader.accountInfo(example("account-info.json"));
        assertEquals(1, info.id());
        assertEquals("https://r1-api.dotdigital.com", info.apiEndpoint().orElseThrow());
        assertEquals("1985", info.property("ApiCallsRemaining").orElseThrow());
    }

    @Test
    void campaignSummaryParsesCountsAndCurrencyRevenue() throws IOException {
        CampaignSummary s = RestModelReader.campaignSummary(7, example("campaign-summary.json"));
        assertEquals(7, s.campaignId());
        assertEquals(6, s.numSent());
        assertEquals(4, s.numDelivered());
        assertEquals(4, s.numOpens());
        assertEquals(3, s.numUniqueOpens());
        assertEquals(1, s.numHardBounces());
        assertEquals(9, s.numRecipientsClicked());
        assertEquals(0, new BigDecimal("0.00").compareTo(s.revenue()));
        assertEquals(Instant.parse("2020-01-01T09:40:18.527Z"), s.dateSent());
        assertEquals(0, new BigDecimal("0.5625").compareTo(s.percentageUsersClicked()));
    }

    @Test
    void activitiesParseAndAMalformedDateIsReadAsAbsent() throws IOException {
        List<CampaignActivity> rows = RestModelReader.list(example("campaign-activities.json"),
                RestModelReader::campaignActivity);
        assertEquals(2, rows.size());
        CampaignActivity first = rows.get(0);
        assertEquals(2, first.contactId());
        assertEquals("karina.plain@example.com", first.email());
        assertEquals(4, first.numEstimatedForwards());
        // The published example has "2020-01-021T09:40:18.00Z" here.
        assertNull(first.dateFirstOpened());
        assertEquals(Instant.parse("2020-01-02T09:40:18Z"), first.dateLastOpened());
        assertEquals("192.168.156.140", rows.get(1).firstOpenIp());
        assertEquals(1, rows.get(1).numReplies());
    }

    @Test
    void clicksParse() throws IOException {
        List<CampaignClick> rows = RestModelReader.list(example("campaign-clicks.json"),
                RestModelReader::campaignClick);
        assertEquals(2, rows.size());
        assertEquals("http://example.com/page3", rows.get(0).url());
        assertEquals("example", rows.get(1).keyword());
        assertEquals(Instant.parse("2020-01-02T09:40:18Z"), rows.get(1).dateClicked());
    }

    @Test
    void v3ImportStatusGivesOneFailurePerReason() throws IOException {
        ImportResult r = RestModelReader.v3ImportStatus(example("v3-import-status.json"));
        assertTrue(r.isFinished());
        assertFalse(r.isFailed());
        assertEquals(10, r.summary().newContacts());
        assertEquals(14, r.summary().updatedContacts());
        assertEquals(2, r.summary().duplicates());
        assertEquals(4, r.failures().size());
        ImportFailure dup = r.failures().get(2);
        assertEquals("emma@emailsim.io", dup.email());
        assertEquals("duplicateIdentifier", dup.failureCode());
        assertTrue(dup.description().contains("Duplicate identifier"));
    }

    @Test
    void contactDataFieldsBecomeAMapKeepingNulls() throws IOException {
        Contact c = RestModelReader.contact(MAPPER.readTree("""
                {"id":12,"email":"a@example.com","optInType":"Single","emailType":"Html",
                 "dataFields":[{"key":"FIRSTNAME","value":"Ann"},{"key":"AGE","value":41},{"key":"LASTNAME","value":null}],
                 "status":"Subscribed"}"""));
        assertEquals(12, c.id());
        assertEquals("Ann", c.dataFields().get("FIRSTNAME"));
        assertEquals("41", c.dataFields().get("AGE"));
        assertTrue(c.dataFields().containsKey("LASTNAME"));
        assertNull(c.dataFields().get("LASTNAME"));
        assertEquals("Subscribed", c.status());
    }

    @Test
    void preferenceOptInsReadTheSpecsMisspelledDate() throws IOException {
        ContactPreferenceOptIns o = RestModelReader.preferenceOptIns(MAPPER.readTree("""
                {"contact":{"id":3,"email":"b@example.com"},
                 "marketingPreferenceOptIns":[{"marketingPreferenceId":5,"addressBookId":0,"isOptedIn":true,
                   "dateModifed":"2024-05-01T10:00:00"}]}"""));
        assertEquals("b@example.com", o.contact().email());
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), o.marketingPreferenceOptIns().get(0).dateModified());
        assertTrue(o.marketingPreferenceOptIns().get(0).isOptedIn());
    }

    @Test
    void datesInEveryPublishedFormat() {
        Instant expected = Instant.parse("2015-11-18T19:43:01Z");
        assertEquals(expected, Json.parseInstant("2015-11-18T19:43:01+0000"));
        assertEquals(expected, Json.parseInstant("2015-11-18T19:43:01+00:00"));
        assertEquals(expected, Json.parseInstant("2015-11-18T19:43:01Z"));
        assertEquals(expected, Json.parseInstant("2015-11-18T19:43:01"));
        assertEquals(expected.plusMillis(527), Json.parseInstant("2015-11-18T19:43:01.527Z"));
        assertEquals(Instant.parse("2015-11-18T17:43:01Z"), Json.parseInstant("2015-11-18T19:43:01+02:00"));
        assertEquals(Instant.parse("2015-11-18T00:00:00Z"), Json.parseInstant("2015-11-18"));
        assertNull(Json.parseInstant(""));
        assertThrows(IllegalArgumentException.class, () -> Json.parseInstant("yesterday"));
    }

    @Test
    void moneyDropsSymbolsAndGroupSeparators() {
        assertEquals(0, new BigDecimal("1234.50").compareTo(Json.money("$1,234.50")));
        assertEquals(0, new BigDecimal("0").compareTo(Json.money("£0.00")));
        assertEquals(0, new BigDecimal("-3.2").compareTo(Json.money("-3.2")));
        assertNull(Json.money("n/a"));
    }

    @Test
    void pathDatesUseTheColonOffsetFormPercentEncoded() {
        assertEquals("2024-05-01T10:00:00%2B00:00",
                RestCalls.date(Instant.parse("2024-05-01T10:00:00.789Z")));
        assertEquals("a.b%2Bc@example.com", RestCalls.segment("a.b+c@example.com"));
    }
}
