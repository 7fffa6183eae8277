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
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * The preset email-campaign-crm-campaign.json against the Dataverse emulator: a campaign-send outcome binds the
 * Email Campaign row to the CRM campaign of the Email Send row its request id names; a send without a CRM
 * campaign, or whose request is not an Email Send (a single send), writes the row unbound; a record without a
 * request id is dead-lettered.
 */
class ResolvedLookupTaskTest {

    static SinkRecord outcome(long offset, String requestId, long campaignId) {
        Map<String, Object> v = new HashMap<>();
        v.put("requestId", requestId);
        v.put("campaignId", campaignId);
        v.put("status", "Sent");
        v.put("sendId", "send-" + offset);
        return new SinkRecord("dotdigital-campaign-send-results", 0, null, requestId, null, v, offset);
    }

    static Map<String, Object> emailCampaign(EmulatedTable table, long campaignId) {
        for (String id : table.ids()) {
            if (Long.valueOf(campaignId).equals(table.get(id).get("esc_dotdigitalcampaignid"))) {
                return table.get(id);
            }
        }
        return null;
    }

    @Test
    void anEmailCampaignRowIsBoundToTheCrmCampaignOfItsEmailSend() throws IOException {
        DataverseEmulatorFixture fixture = SharedWriteBackEmulator.get();
        String crmCampaign = fixture.emulator.table("campaign").create(Map.of("name", "Spring sale"));
        EmulatedTable sends = fixture.emulator.table("esc_emailsend");
        String fromCampaign = sends.create(Map.of("esc_name", "Spring sale send", "esc_dotdigitalcampaignid", 901,
                "esc_campaignid", crmCampaign));
        String withoutCampaign = sends.create(Map.of("esc_name", "Ad hoc send", "esc_dotdigitalcampaignid", 902));
        String singleSend = fixture.emulator.table("esc_emailsinglesend").create(Map.of("esc_name", "Welcome"));
        Map<String, String> props = WriteBackPresets.render(
                WriteBackPresets.DIR.resolve("email-campaign-crm-campaign.json"), fixture, "");
        props.put("errors.deadletterqueue.topic.name", "dlq");
        LinkedWritesTaskTest.Context context = new LinkedWritesTaskTest.Context(props);
        DynamicsSinkTask task = context.task();
        SinkRecord noRequestId = outcome(3, null, 904);
        task.put(List.of(outcome(0, fromCampaign.toUpperCase(), 901), outcome(1, withoutCampaign, 902),
                outcome(2, singleSend, 903), noRequestId));

        EmulatedTable campaigns = fixture.emulator.table("esc_emailcampaign");
        assertEquals(crmCampaign, emailCampaign(campaigns, 901).get("_esc_campaignid_value"));
        assertNull(emailCampaign(campaigns, 902).get("_esc_campaignid_value"), "the send had no CRM campaign");
        assertNull(emailCampaign(campaigns, 903).get("_esc_campaignid_value"), "a single send is no Email Send");
        assertNull(emailCampaign(campaigns, 904));
        assertEquals(List.of(noRequestId), context.deadLettered);
        assertTrue(context.reasons.get(0).contains("field 'requestId' (lookup.resolve.id.field) holds nothing"),
                context.reasons::toString);
        task.stop();
    }
}
