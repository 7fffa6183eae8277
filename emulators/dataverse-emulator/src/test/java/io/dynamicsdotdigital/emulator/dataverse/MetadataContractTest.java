package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.WebApiClient.enc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetadataContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.defaults().contacts(30)).build().start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static Map<String, JsonNode> attributes(JsonNode entity) {
        Map<String, JsonNode> byName = new HashMap<>();
        entity.get("Attributes").forEach(a -> byName.put(a.get("LogicalName").asText(), a));
        return byName;
    }

    static JsonNode contactMetadata(String table) {
        WebApiClient.Answer a = api.get("EntityDefinitions(LogicalName='" + table + "')?$select="
                + "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ChangeTrackingEnabled"
                + "&$expand=" + enc("Attributes($select=LogicalName,AttributeType,AttributeTypeName)"));
        assertEquals(200, a.status(), a::toString);
        return a.json();
    }

    @Test
    void entityDefinitionWithExpandedAttributes() {
        JsonNode contact = contactMetadata("contact");
        assertEquals("contact", contact.get("LogicalName").asText());
        assertEquals("contacts", contact.get("EntitySetName").asText());
        assertEquals("contactid", contact.get("PrimaryIdAttribute").asText());
        assertEquals("fullname", contact.get("PrimaryNameAttribute").asText());
        assertTrue(contact.get("ChangeTrackingEnabled").asBoolean());
        assertTrue(contact.get("@odata.context").asText().contains("$metadata#EntityDefinitions("));
        Map<String, JsonNode> attrs = attributes(contact);
        assertEquals("Customer", attrs.get("parentcustomerid").get("AttributeType").asText());
        assertEquals("CustomerType", attrs.get("parentcustomerid").get("AttributeTypeName").get("Value").asText());
        assertEquals("Money", attrs.get("annualincome").get("AttributeType").asText());
        assertFalse(attrs.get("annualincome").has("Precision"), "a derived type's property needs the cast path");
        assertEquals("#Microsoft.Dynamics.CRM.MoneyAttributeMetadata", attrs.get("annualincome").get("@odata.type").asText());
        assertEquals("Picklist", attrs.get("gendercode").get("AttributeType").asText());
        assertEquals("BigInt", attrs.get("versionnumber").get("AttributeType").asText());
        assertEquals("DateTime", attrs.get("modifiedon").get("AttributeType").asText());
        assertEquals("Virtual", attrs.get("entityimage").get("AttributeType").asText());
        assertFalse(attrs.get("entityimage").has("IsValidForRead"), "not selected");
        Map<String, JsonNode> readable = attributes(api.get("EntityDefinitions(LogicalName='contact')?$expand="
                + enc("Attributes($select=LogicalName,IsValidForRead)")).json());
        assertFalse(readable.get("entityimage").get("IsValidForRead").asBoolean());
        assertTrue(readable.get("emailaddress1").get("IsValidForRead").asBoolean());
        assertFalse(emailHasPrecision(attrs));
        assertFalse(contactMetadata("campaign").get("ChangeTrackingEnabled").asBoolean());
        assertTrue(contactMetadata("listmember").get("ChangeTrackingEnabled").asBoolean());
    }

    private static boolean emailHasPrecision(Map<String, JsonNode> attrs) {
        return attrs.get("emailaddress1").has("Precision");
    }

    @Test
    void attributeAddedAtRunTimeAppearsInMetadataAndRows() {
        emu.addAttribute("contact", "esc_score", AttributeType.Integer);
        assertEquals("Integer", attributes(contactMetadata("contact")).get("esc_score").get("AttributeType").asText());
        String id = emu.table("contact").ids().get(0);
        JsonNode before = api.get("contacts(" + id + ")?$select=esc_score").json();
        assertTrue(before.get("esc_score").isNull());
        emu.table("contact").update(id, Map.of("esc_score", 7));
        assertEquals(7, api.get("contacts(" + id + ")?$select=esc_score").json().get("esc_score").asInt());
        assertEquals(1, api.get("contacts?$filter=" + enc("esc_score eq 7")).json().get("value").size());
        JsonNode attrs = api.get("EntityDefinitions(LogicalName='contact')/Attributes?$select=LogicalName,AttributeType").json();
        boolean found = false;
        for (JsonNode a : attrs.get("value")) {
            found |= a.get("LogicalName").asText().equals("esc_score");
        }
        assertTrue(found);
    }

    @Test
    void customTablesAreQueryableAndListed() {
        emu.defineTable(TableDefinition.custom("esc_emailcampaigncontactsummary", "esc_emailcampaigncontactsummaries",
                "esc_emailcampaigncontactsummaryid", true,
                AttributeDefinition.of("esc_name", AttributeType.String),
                AttributeDefinition.of("esc_contactid", AttributeType.Lookup),
                AttributeDefinition.withPrecision("esc_openrate", AttributeType.Decimal, 3)));
        emu.table("esc_emailcampaigncontactsummary").create(Map.of("esc_name", "summary", "esc_openrate", "0.25"));
        WebApiClient.Answer answer = api.get("esc_emailcampaigncontactsummaries?$select=esc_name,esc_openrate,_esc_contactid_value");
        JsonNode rows = answer.json();
        assertEquals(1, rows.get("value").size());
        assertTrue(answer.response.body().contains("\"esc_openrate\":0.250"), "decimals keep their precision: " + answer);
        JsonNode meta = contactMetadata("esc_emailcampaigncontactsummary");
        assertEquals("esc_name", meta.get("PrimaryNameAttribute").asText());
        JsonNode decimals = api.get("EntityDefinitions(LogicalName='esc_emailcampaigncontactsummary')/Attributes/"
                + "Microsoft.Dynamics.CRM.DecimalAttributeMetadata?$select=LogicalName,Precision").json();
        assertEquals(3, decimals.get("value").get(0).get("Precision").asInt());
        JsonNode listed = api.get("EntityDefinitions?$select=LogicalName,EntitySetName&$filter="
                + enc("LogicalName eq 'esc_emailcampaigncontactsummary'")).json().get("value");
        assertEquals(1, listed.size());
    }

    @Test
    void tablesAreFoundByEntitySetWithTheirAlternateKeys() {
        emu.defineTable(TableDefinition.custom("esc_keyed", "esc_keyeds", "esc_keyedid", true,
                AttributeDefinition.of("esc_a", AttributeType.Integer), AttributeDefinition.of("esc_b", AttributeType.String))
                .withAlternateKey("esc_a", "esc_b"));
        JsonNode keyed = api.get("EntityDefinitions?$select=LogicalName,PrimaryIdAttribute&$filter="
                + enc("EntitySetName eq 'esc_keyeds'") + "&$expand=" + enc("Keys($select=KeyAttributes)")).json();
        assertEquals(1, keyed.get("value").size());
        JsonNode table = keyed.get("value").get(0);
        assertEquals("esc_keyedid", table.get("PrimaryIdAttribute").asText());
        assertEquals("[\"esc_a\",\"esc_b\"]", table.get("Keys").get(0).get("KeyAttributes").toString());
        JsonNode contact = api.get("EntityDefinitions?$select=LogicalName&$filter=" + enc("EntitySetName eq 'contacts'")
                + "&$expand=Keys").json().get("value").get(0);
        assertEquals(0, contact.get("Keys").size(), "contact has no alternate key");
    }

    @Test
    void decimalCastAndUnknownTable() {
        JsonNode decimals = api.get("EntityDefinitions(LogicalName='contact')/Attributes/Microsoft.Dynamics.CRM.DecimalAttributeMetadata?$select=LogicalName,Precision").json();
        assertEquals(1, decimals.get("value").size());
        assertEquals("esc_engagementscore", decimals.get("value").get(0).get("LogicalName").asText());
        WebApiClient.Answer missing = api.get("EntityDefinitions(LogicalName='nosuchtable')");
        assertEquals(404, missing.status());
        assertNotNull(missing.json().get("error").get("message").asText());
    }
}
