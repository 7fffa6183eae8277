package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Email Send and Email Single Send tables exist, start empty, and carry the documented default columns. */
class SendTablesContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.defaults().contacts(5)).build().start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static JsonNode metadata(String table) {
        WebApiClient.Answer a = api.get("EntityDefinitions(LogicalName='" + table + "')?$select="
                + "LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled&$expand="
                + WebApiClient.enc("Attributes($select=LogicalName,AttributeType,AttributeTypeName)"));
        assertEquals(200, a.status(), a::toString);
        return a.json();
    }

    @Test
    void emailSendTableHasTheDefaultColumnsAndNoRows() {
        JsonNode meta = metadata("esc_emailsend");
        assertEquals("esc_emailsends", meta.get("EntitySetName").asText());
        assertEquals("esc_emailsendid", meta.get("PrimaryIdAttribute").asText());
        assertTrue(meta.get("ChangeTrackingEnabled").asBoolean());
        Map<String, JsonNode> attrs = MetadataContractTest.attributes(meta);
        assertEquals("Integer", attrs.get("esc_dotdigitalcampaignid").get("AttributeType").asText());
        for (String column : new String[] {"esc_marketinglists", "esc_sendtime", "esc_sendstatus",
                "esc_dotdigitalsendid", "esc_senton", "esc_recipientcount", "esc_outcomereason"}) {
            assertTrue(attrs.containsKey(column), column);
        }
        assertEquals(0, emu.table("esc_emailsend").count(), "seeds none unless asked");
    }

    @Test
    void emailSingleSendTableTargetsAContactOrALead() {
        JsonNode meta = metadata("esc_emailsinglesend");
        Map<String, JsonNode> attrs = MetadataContractTest.attributes(meta);
        assertEquals("Lookup", attrs.get("esc_contactid").get("AttributeType").asText());
        assertEquals("Lookup", attrs.get("esc_leadid").get("AttributeType").asText());
        assertTrue(attrs.containsKey("esc_emailaddress"));
        WebApiClient.Answer rows = api.get("esc_emailsinglesends");
        assertEquals(200, rows.status(), rows::toString);
        assertEquals(0, rows.json().get("value").size());
    }
}
