package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.apiconnector.ApiAccountProperty;
import com.apiconnector.ApiAddressBook;
import com.apiconnector.ApiCampaignContactSummary;
import com.apiconnector.ApiCampaignSend;
import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactData;
import com.apiconnector.ApiContactImport;
import com.apiconnector.ApiContactImportReport;
import com.apiconnector.ApiContactResubscription;
import com.apiconnector.ApiContactStatuses;
import com.apiconnector.ApiContactSuppression;
import com.apiconnector.ApiDataField;
import com.apiconnector.ApiDataTypes;
import com.apiconnector.ApiResubscribeResult;
import com.apiconnector.ArrayOfApiContactData;
import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import jakarta.xml.ws.WebServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The v2 SOAP endpoint over HTTPS with a real CXF client, on the same state as REST. Faults surface as
 * WebServiceException (not SOAPFaultException) because no SAAJ implementation is on the classpath.
 */
class SoapContractTest {
    static DotdigitalEmulator emu;
    static ApiService soap;
    static Rest rest;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().https(true)
                .seed(DotdigitalSeed.defaults().campaigns(1).activitiesPerCampaign(300).randomSeed(7))
                .build().start();
        soap = Soap.client(emu, emu.apiUser(), emu.apiPassword());
        rest = new Rest(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static ApiContact contact(String email, String key, Object value) {
        ApiContact c = new ApiContact();
        c.setEmail(email);
        ArrayOfApiContactData data = new ArrayOfApiContactData();
        if (key != null) {
            ApiContactData d = new ApiContactData();
            d.setKey(key);
            d.setValue(value);
            data.getApiContactData().add(d);
        }
        c.setDataFields(data);
        return c;
    }

    @Test
    void endpointIsHttpsAndRequiresBasicAuth() {
        assertTrue(emu.soapUrl().startsWith("https://127.0.0.1:"), emu.soapUrl());
        ApiService wrong = Soap.client(emu, emu.apiUser(), "wrong");
        WebServiceException e = assertThrows(WebServiceException.class, wrong::getCurrentAccountInfo);
        assertTrue(String.valueOf(e.getMessage()).contains("401") || String.valueOf(e.getCause()).contains("401"),
                e.toString());
    }

    @Test
    void accountInfoReportsTheRestEndpoint() {
        String endpoint = soap.getCurrentAccountInfo().getProperties().getApiAccountProperty().stream()
                .filter(p -> p.getName().equals("ApiEndpoint")).map(ApiAccountProperty::getValue).findFirst()
                .orElseThrow();
        assertEquals(emu.accountRegionUrl(), endpoint);
    }

    @Test
    void contactsAndAddressBooksAreSharedWithRest() {
        ApiAddressBook book = new ApiAddressBook();
        book.setName("SOAP book");
        int bookId = soap.createAddressBook(book).getId();
        ApiContact added = soap.addContactToAddressBook(bookId, contact("soap1@example.com", "FIRSTNAME", "Soapy"));
        assertEquals(ApiContactStatuses.SUBSCRIBED, added.getStatus());
        JsonNode viaRest = rest.get("/v2/contacts/soap1@example.com").json();
        assertEquals(added.getId().intValue(), viaRest.path("id").asInt());
        assertTrue(emu.state().addressBookMembers(bookId).contains("soap1@example.com"));
        assertTrue(soap.getAddressBooks(1000, 0).getApiAddressBook().stream().anyMatch(b -> b.getId() == bookId));

        rest.post("/v2/contacts", Map.of("email", "rest1@example.com", "dataFields",
                List.of(Map.of("key", "LASTNAME", "value", "Resty"))));
        ApiContact fromSoap = soap.getContactByEmail("rest1@example.com");
        assertEquals("Resty", fromSoap.getDataFields().getApiContactData().stream()
                .filter(d -> d.getKey().equals("LASTNAME")).findFirst().orElseThrow().getValue());
        ApiContact updated = soap.updateContact(contact("rest1@example.com", "FIRSTNAME", "Both"));
        assertEquals(fromSoap.getId(), updated.getId());
        assertEquals("Both", emu.state().contactByEmail("rest1@example.com").orElseThrow().dataField("FIRSTNAME"));

        soap.deleteContactFromAddressBook(bookId, added.getId());
        assertFalse(emu.state().addressBookMembers(bookId).contains("soap1@example.com"));
        WebServiceException missing = assertThrows(WebServiceException.class,
                () -> soap.getContactByEmail("nobody@example.com"));
        assertTrue(missing.getMessage().contains("ERROR_CONTACT_NOT_FOUND"));
    }

    @Test
    void importLifecycleWithReportAndFaults() throws Exception {
        int bookId = emu.state().createAddressBook("SOAP import", "Private").id();
        byte[] csv = "Email,FIRSTNAME\nsoapimp1@example.com,A\nbad-email,B\nsoapimp2@example.com,C\n"
                .getBytes(StandardCharsets.UTF_8);
        ApiContactImport job = soap.importContactsToAddressBook(bookId, csv, "CSV");
        assertNotNull(job.getId());
        long deadline = System.currentTimeMillis() + 10_000;
        String status = job.getStatus().value();
        while (status.equals("NotFinished") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            status = soap.getContactImportProgress(job.getId()).getStatus().value();
        }
        assertEquals("Finished", status);
        ApiContactImportReport report = soap.getContactImportReport(job.getId());
        assertEquals(2, report.getNewContacts());
        assertEquals(1, report.getInvalidEntries());
        String faults = new String(soap.getContactImportReportFaults(job.getId()), StandardCharsets.UTF_8);
        assertTrue(faults.startsWith("Reason,email,firstname\r\n"), faults);
        assertTrue(faults.contains("InvalidEmail,bad-email,B"), faults);
        assertEquals("Finished", rest.get("/v2/contacts/import/" + job.getId()).json().path("status").asText());
        assertEquals(2, emu.state().addressBookMembers(bookId).size());
    }

    @Test
    void unsubscribeSuppressionsAndResubscribe() {
        Instant before = emu.state().now();
        soap.createContact(contact("soapleaver@example.com", null, null));
        soap.unsubscribeContact(contact("soapleaver@example.com", null, null));
        List<ApiContactSuppression> unsubs = soap.getUnsubscribedContacts(SoapConversions.xml(before), 1000, 0)
                .getApiContactSuppression();
        assertTrue(unsubs.stream().anyMatch(s -> s.getSuppressedContact().getEmail().equals("soapleaver@example.com")));
        JsonNode viaRest = rest.get("/v2/contacts/unsubscribed-since/" + Dates.format(before)).json();
        assertTrue(viaRest.toString().contains("soapleaver@example.com"));
        emu.state().suppress("soapbounce@example.com", Instant.now(), "HardBounced");
        assertTrue(soap.getSuppressedContacts(SoapConversions.xml(before), 1000, 0).getApiContactSuppression()
                .size() >= 2);
        ApiContactResubscription r = new ApiContactResubscription();
        r.setUnsubscribedContact(contact("soapbounce@example.com", null, null));
        assertEquals(ApiResubscribeResult.CONTACT_CANNOT_BE_UNSUPPRESSED, soap.resubscribeContact(r));
        assertEquals("HardBounced", emu.state().contactByEmail("soapbounce@example.com").orElseThrow().status());
        assertThrows(WebServiceException.class, () -> soap.getSuppressedContacts(SoapConversions.xml(before),
                1001, 0));
        assertTrue(soap.getModifiedContacts(SoapConversions.xml(before), true, 1000, 0).getApiContact().size()
                >= 2);
    }

    @Test
    void campaignsAndActivities() {
        Campaign campaign = emu.state().campaigns().get(0);
        assertEquals(1, soap.getCampaigns(1000, 0).getApiCampaign().size());
        assertEquals(300, soap.getCampaignActivitiesSinceDate(campaign.id(),
                SoapConversions.xml(Instant.EPOCH), 1000, 0).getApiCampaignContactSummary().size());
        assertEquals(300, soap.getCampaignSummary(campaign.id()).getNumSent());
        int clicks = soap.getCampaignClicks(campaign.id(), 1000, 0).getApiCampaignContactClick().size();
        assertEquals(rest.get("/v2/campaigns/" + campaign.id() + "/clicks/since-date/2000-01-01").json().size(), clicks);
        assertTrue(soap.getCampaignOpens(campaign.id(), 1000, 0).getApiCampaignContactOpen().size() > 0);
        assertTrue(soap.getCampaignPageViewsSinceDate(campaign.id(), SoapConversions.xml(Instant.EPOCH), 1000, 0)
                .getApiCampaignContactPageView().size() > 0);
        assertEquals(1, soap.getSentCampaignsWithActivitySinceDate(SoapConversions.xml(Instant.EPOCH), 1000, 0)
                .getApiCampaign().size());
        ApiCampaignSend send = new ApiCampaignSend();
        send.setCampaignId(campaign.id());
        // Like the real API, no address book and no contact means every contact: recorded for tests to refuse.
        String id = soap.sendCampaign(send).getId();
        Model.RecordedSend recorded = emu.emptyTargetSends().stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow();
        assertEquals("SOAP", recorded.transport());
        assertEquals(emu.state().contacts().stream().filter(c -> !c.suppressed()).count(),
                recorded.recipients().size());
        assertEquals(id, soap.getCampaignSendProgress(id).getId());
    }

    /**
     * GetCampaignContactActivity answers the same ApiCampaignContactSummary as the contact's row of
     * GetCampaignActivitiesSinceDate, every field (forwards, replies, first/last open, open IP included).
     */
    @Test
    void theContactsCampaignActivityCarriesEveryFieldOfTheSinceDateRow() {
        Campaign campaign = emu.state().campaigns().get(0);
        List<ApiCampaignContactSummary> rows = soap.getCampaignActivitiesSinceDate(campaign.id(),
                SoapConversions.xml(Instant.EPOCH), 1000, 0).getApiCampaignContactSummary();
        ApiCampaignContactSummary opened = rows.stream().filter(r -> r.getDateFirstOpened() != null
                && r.getFirstOpenIp() != null).findFirst().orElseThrow();
        ApiCampaignContactSummary one = soap.getCampaignContactActivity(campaign.id(), opened.getContactId());
        assertEquals(fields(opened), fields(one));
    }

    private static List<Object> fields(ApiCampaignContactSummary s) {
        return java.util.Arrays.asList(s.getContactId(), s.getEmail(), s.getNumOpens(), s.getNumPageViews(),
                s.getNumClicks(), s.getNumForwards(), s.getNumEstimatedForwards(), s.getNumReplies(),
                String.valueOf(s.getDateSent()), String.valueOf(s.getDateFirstOpened()),
                String.valueOf(s.getDateLastOpened()), s.getFirstOpenIp(), s.isUnsubscribed(), s.isSoftBounced(),
                s.isHardBounced());
    }

    @Test
    void scriptedFaultsAndTheSharedRateLimitApplyToSoap() {
        long before = emu.requests().count("SOAP GetDataFields");
        emu.faults().add(Fault.status(503).onPath("/v2/Api.svc/GetDataFields"), 1);
        WebServiceException unavailable = assertThrows(WebServiceException.class, soap::getDataFields);
        assertTrue(String.valueOf(unavailable.getMessage()).contains("503")
                || String.valueOf(unavailable.getCause()).contains("503"), unavailable.toString());
        assertFalse(soap.getDataFields().getApiDataField().isEmpty());
        assertEquals(before + 2, emu.requests().count("SOAP GetDataFields"));
        try {
            emu.rateLimitPerMinute(2);
            assertEquals(200, rest.get("/v2/data-fields").status());
            soap.getDataFields();
            WebServiceException limited = assertThrows(WebServiceException.class, soap::getDataFields);
            assertTrue(String.valueOf(limited.getMessage()).contains("429")
                    || String.valueOf(limited.getCause()).contains("429"), limited.toString());
            assertEquals(429, rest.get("/v2/data-fields").status());
        } finally {
            emu.rateLimitPerMinute(0);
        }
    }

    @Test
    void dataFieldsAndUnimplementedOperations() {
        ApiDataField f = new ApiDataField();
        f.setName("SOAPFIELD");
        f.setType(ApiDataTypes.NUMERIC);
        assertEquals("SOAPFIELD", soap.createDataField(f).getName());
        assertTrue(soap.getDataFields().getApiDataField().stream().anyMatch(d -> d.getName().equals("SOAPFIELD")));
        WebServiceException dup = assertThrows(WebServiceException.class, () -> soap.createDataField(f));
        assertTrue(dup.getMessage().contains("ERROR_NON_UNIQUE_DATAFIELD"));
        assertTrue(rest.get("/v2/data-fields").body().contains("SOAPFIELD"));
        WebServiceException notImplemented = assertThrows(WebServiceException.class, () -> soap.getTemplates(10, 0));
        assertTrue(notImplemented.getMessage().contains("not implemented by the emulator"));
    }
}
