package io.dynamicsdotdigital.emulator.dotdigital;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.RecordedSend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST /v2/campaigns/send and GET /v2/campaigns/send/{id} over real HTTPS, with the recording and test hooks. */
class CampaignSendContractTest {
    DotdigitalEmulator emu;
    Rest rest;
    Campaign campaign;
    AddressBook book;

    @BeforeEach
    void start() {
        emu = DotdigitalEmulator.builder().https(true).soap(false).seed(DotdigitalSeed.empty()).build().start();
        rest = new Rest(emu);
        campaign = emu.state().addCampaign("Welcome", "Hello", null);
        book = emu.state().createAddressBook("Newsletter", "Private");
        emu.state().addToAddressBook(book.id(), "a@example.com");
        emu.state().addToAddressBook(book.id(), "b@example.com");
        emu.state().upsertContact("outsider@example.com", Map.of());
        emu.sendProcessingDelay(Duration.ofMillis(20));
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private String awaitStatus(String id, String wanted) {
        long deadline = System.currentTimeMillis() + 5000;
        String status = "";
        while (!status.equals(wanted) && System.currentTimeMillis() < deadline) {
            status = rest.get("/v2/campaigns/send/" + id).json().path("status").asText();
        }
        return status;
    }

    @Test
    void listSendReachesTheBookMembersAndReportsProgress() {
        Rest.Response sent = rest.post("/v2/campaigns/send", Map.of("campaignID", campaign.id(),
                "addressBookIDs", List.of(book.id())));
        assertEquals(200, sent.status(), sent.body());
        String id = sent.json().path("id").asText();
        assertEquals("Sending", sent.json().path("status").asText());
        assertEquals("Sent", awaitStatus(id, "Sent"));
        RecordedSend recorded = emu.campaignSends().get(0);
        assertEquals(Set.of("a@example.com", "b@example.com"), Set.copyOf(recorded.recipients()));
        assertFalse(recorded.emptyTarget());
        assertEquals("REST", recorded.transport());
    }

    @Test
    void contactSendReachesOneContactAndSuppressedContactsAreSkipped() {
        int contactId = emu.state().contactByEmail("outsider@example.com").orElseThrow().id();
        rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(), "contactIds", List.of(contactId)));
        assertEquals(List.of("outsider@example.com"), emu.campaignSends().get(0).recipients());
        emu.state().setStatus("a@example.com", "Unsubscribed");
        rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(), "addressBookIds", List.of(book.id())));
        assertEquals(List.of("b@example.com"), emu.campaignSends().get(1).recipients());
    }

    @Test
    void anEmptyTargetGoesToEveryContactLikeTheRealApiAndIsRecorded() {
        Rest.Response sent = rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(),
                "addressBookIds", List.of(), "contactIds", List.of()));
        assertEquals(200, sent.status(), sent.body());
        assertEquals(1, emu.emptyTargetSends().size());
        assertEquals(3, emu.emptyTargetSends().get(0).recipients().size());
    }

    @Test
    void unknownCampaignOrBookIsA404AndNothingIsSent() {
        Rest.Response noCampaign = rest.post("/v2/campaigns/send", Map.of("campaignId", 999999,
                "addressBookIds", List.of(book.id())));
        assertEquals(404, noCampaign.status());
        assertTrue(noCampaign.body().contains("ERROR_CAMPAIGN_NOT_FOUND"));
        Rest.Response noBook = rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(),
                "addressBookIds", List.of(999999)));
        assertEquals(404, noBook.status());
        assertTrue(noBook.body().contains("ERROR_ADDRESSBOOK_NOT_FOUND"));
        assertTrue(emu.campaignSends().isEmpty());
        assertEquals(404, rest.get("/v2/campaigns/send/00000000-0000-0000-0000-000000000000").status());
    }

    @Test
    void hooksHoldASendInSendingEndItOtherwiseOrDropTheAnswer() throws Exception {
        emu.holdSendsInSending(true);
        String held = rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(),
                "addressBookIds", List.of(book.id()))).json().path("id").asText();
        Thread.sleep(100);
        assertEquals("Sending", rest.get("/v2/campaigns/send/" + held).json().path("status").asText());
        emu.holdSendsInSending(false);
        assertEquals("Sent", awaitStatus(held, "Sent"));

        emu.endNextSendIn("Cancelled");
        String cancelled = rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(),
                "addressBookIds", List.of(book.id()))).json().path("id").asText();
        assertEquals("Cancelled", awaitStatus(cancelled, "Cancelled"));

        emu.dropAnswerOfNextSends(1);
        AssertionError noAnswer = assertThrows(AssertionError.class, () -> rest.post("/v2/campaigns/send",
                Map.of("campaignId", campaign.id(), "addressBookIds", List.of(book.id()))));
        assertTrue(noAnswer.getMessage().contains("failed"), noAnswer.getMessage());
        assertEquals(3, emu.campaignSends().size(), "the dropped call was applied all the same");
        JsonNode answer = rest.post("/v2/campaigns/send", Map.of("campaignId", campaign.id(),
                "addressBookIds", List.of(book.id()))).json();
        assertEquals("Sending", answer.path("status").asText(), "only the next send loses its answer");
    }
}
