package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSend;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSendRequest;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.emulator.dotdigital.Model;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Campaign sends over REST and SOAP against the emulator: sent once, never repeated, ambiguity reported. */
class CampaignSendsTest {
    @TempDir
    Path dir;
    DotdigitalEmulator emu;
    HttpSettings http;
    int campaign;
    int book;

    @BeforeEach
    void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty()).build().start();
        emu.sendProcessingDelay(Duration.ofMillis(10));
        campaign = emu.state().addCampaign("Welcome", "Hi", null).id();
        book = emu.state().createAddressBook("Members", "Private").id();
        emu.state().addToAddressBook(book, "m1@example.com");
        emu.state().addToAddressBook(book, "m2@example.com");
        http = EmulatorSupport.httpSettings(dir);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private DotdigitalClient client(DotdigitalTransport transport) {
        return DotdigitalClients.create(EmulatorSupport.settings(emu, transport), http, EmulatorSupport.fastRetries(),
                null);
    }

    private static CampaignSend awaitFinal(CampaignSends sends, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        CampaignSend s = sends.campaignSendStatus(id);
        while (!s.isFinal() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            s = sends.campaignSendStatus(id);
        }
        return s;
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void aListSendReachesTheBookAndEndsSent(DotdigitalTransport transport) throws Exception {
        try (DotdigitalClient client = client(transport)) {
            CampaignSend started = client.campaignSends().sendCampaign(
                    new CampaignSendRequest(campaign, List.of((long) book), List.of(), null));
            assertEquals(campaign, started.campaignId());
            assertFalse(started.isFinal());
            assertEquals(CampaignSend.SENT, awaitFinal(client.campaignSends(), started.id()).status());
            Model.RecordedSend recorded = emu.campaignSends().get(0);
            assertEquals(transport.name(), recorded.transport());
            assertEquals(Set.of("m1@example.com", "m2@example.com"), Set.copyOf(recorded.recipients()));
        }
    }

    @Test
    void anEmptyTargetCannotEvenBeBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CampaignSendRequest(campaign, List.of(), List.of(), null));
        assertTrue(e.getMessage().contains("ALL contacts"), e.getMessage());
    }

    @Test
    void aSendAnswered503IsNotRepeatedAndIsAmbiguous() {
        try (DotdigitalClient client = client(DotdigitalTransport.REST)) {
            emu.faults().add(Fault.status(503).onPath("/v2/campaigns/send$").onMethod("POST"), 1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, () -> client.campaignSends()
                    .sendCampaign(new CampaignSendRequest(campaign, List.of((long) book), List.of(), null)));
            assertTrue(CampaignSends.isAmbiguous(e));
            assertEquals(1, emu.requests().count("POST /v2/campaigns/send"));
        }
    }

    @Test
    void aDroppedAnswerIsNotRepeatedAndIsAmbiguousThoughTheSendWentOut() {
        try (DotdigitalClient client = client(DotdigitalTransport.REST)) {
            emu.dropAnswerOfNextSends(1);
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, () -> client.campaignSends()
                    .sendCampaign(new CampaignSendRequest(campaign, List.of((long) book), List.of(), null)));
            assertTrue(CampaignSends.isAmbiguous(e), e.toString());
            assertEquals(1, emu.campaignSends().size(), "applied exactly once");
        }
    }

    @Test
    void anUnknownCampaignIsARefusalNotAnAmbiguity() {
        try (DotdigitalClient client = client(DotdigitalTransport.REST)) {
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, () -> client.campaignSends()
                    .sendCampaign(new CampaignSendRequest(987654, List.of((long) book), List.of(), null)));
            assertFalse(CampaignSends.isAmbiguous(e));
            assertTrue(e.isNotFound(), e.getMessage());
            assertTrue(emu.campaignSends().isEmpty());
        }
    }

    @Test
    void statusReadsAreRetried() throws Exception {
        try (DotdigitalClient client = client(DotdigitalTransport.REST)) {
            CampaignSend started = client.campaignSends().sendCampaign(
                    new CampaignSendRequest(campaign, List.of(), List.of((long) emu.state()
                            .contactByEmail("m1@example.com").orElseThrow().id()), null));
            emu.faults().add(Fault.status(502).onPath("/v2/campaigns/send/").onMethod("GET"), 1);
            assertEquals(started.id(), client.campaignSends().campaignSendStatus(started.id()).id());
            assertEquals(List.of("m1@example.com"), emu.campaignSends().get(0).recipients());
        }
    }

    @ParameterizedTest
    @EnumSource(DotdigitalTransport.class)
    void theCampaignStatusAndWhetherASendReachedAContactCanBeRead(DotdigitalTransport transport) {
        try (DotdigitalClient client = client(transport)) {
            emu.state().setCampaignStatus(campaign, "RequiresSystemApproval");
            assertEquals("RequiresSystemApproval", client.campaignSends().campaign(campaign).status());
            emu.state().setCampaignStatus(campaign, "Unsent");
            long m1 = emu.state().contactByEmail("m1@example.com").orElseThrow().id();
            long m2 = emu.state().contactByEmail("m2@example.com").orElseThrow().id();
            assertTrue(client.campaignSends().campaignSentToContactAt(campaign, m1).isEmpty(), "not sent yet");
            java.time.Instant before = java.time.Instant.now().minusSeconds(1);
            client.campaignSends().sendCampaign(new CampaignSendRequest(campaign, List.of(), List.of(m1), null));
            java.time.Instant sentAt = client.campaignSends().campaignSentToContactAt(campaign, m1).orElseThrow();
            assertFalse(sentAt.isBefore(before), sentAt + " is before " + before);
            assertTrue(client.campaignSends().campaignSentToContactAt(campaign, m2).isEmpty(), "m2 was not targeted");
        }
    }
}
