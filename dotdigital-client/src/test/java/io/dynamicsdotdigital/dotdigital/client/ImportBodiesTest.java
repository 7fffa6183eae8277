package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportBodiesTest {

    private static Contact contact(String email, Map<String, String> fields) {
        return new Contact(0, email, "Single", "Html", fields, null);
    }

    @Test
    void v3BodyHasTheSpecShapeAndItsSizeIsExact() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("FIRSTNAME", "Zoë");
        fields.put("LASTNAME", null);
        ContactImport request = ContactImport.v3(42L, MergeOption.OVERWRITE_IF_NOT_EMPTY,
                List.of(contact("a@example.com", fields), Contact.of("b@example.com", Map.of())));
        byte[] body = ImportBodies.v3Body(request);
        assertEquals(body.length, ImportBodies.v3BodyBytes(request));
        JsonNode n = new ObjectMapper().readTree(body);
        assertEquals("overwriteIfNotEmpty", n.get("mergeOption").asText());
        JsonNode first = n.get("contacts").get(0);
        assertEquals("email", first.get("matchIdentifier").asText());
        assertEquals("a@example.com", first.get("identifiers").get("email").asText());
        assertEquals("Zoë", first.get("dataFields").get("FIRSTNAME").asText());
        assertTrue(first.get("dataFields").get("LASTNAME").isNull());
        assertEquals("single", first.get("channelProperties").get("email").get("optInType").asText());
        assertEquals("html", first.get("channelProperties").get("email").get("emailType").asText());
        assertEquals(42, first.get("lists").get(0).asInt());
        assertFalse(n.get("contacts").get(1).has("channelProperties"));
    }

    @Test
    void perContactEstimateAddsUpToTheBody() {
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            contacts.add(contact("user" + i + "@example.com", Map.of("FIRSTNAME", "Name" + i)));
        }
        ContactImport request = ContactImport.v3(null, MergeOption.OVERWRITE, contacts);
        long sum = 0;
        for (Contact c : contacts) {
            sum += ImportBodies.v3ContactBytes(c, null);
        }
        long exact = ImportBodies.v3BodyBytes(request);
        // The envelope adds {"mergeOption":"overwrite","contacts":[]} and one comma fewer than contacts.
        assertEquals(exact, sum - 1 + "{\"mergeOption\":\"overwrite\",\"contacts\":[]}".length());
        assertTrue(exact < ImportBodies.MAX_IMPORT_BODY_BYTES);
    }

    @Test
    void csvQuotesPerRfc4180AndUnionsColumns() {
        Map<String, String> second = new LinkedHashMap<>();
        second.put("LASTNAME", "O\"Neil, Jr");
        second.put("NOTES", "line1\nline2");
        byte[] csv = ImportBodies.csv(List.of(contact("a@example.com", Map.of("FIRSTNAME", "Ann")),
                contact("b@example.com", second)));
        String text = new String(csv, StandardCharsets.UTF_8);
        assertEquals("Email,FIRSTNAME,LASTNAME,NOTES\r\n"
                + "a@example.com,Ann,,\r\n"
                + "b@example.com,,\"O\"\"Neil, Jr\",\"line1\nline2\"\r\n", text);
        List<List<String>> parsed = CsvReader.parse(text);
        assertEquals(3, parsed.size());
        assertEquals(List.of("b@example.com", "", "O\"Neil, Jr", "line1\nline2"), parsed.get(2));
    }

    @Test
    void v2ImportNeedsAnAddressBookAndContacts() {
        assertThrows(IllegalArgumentException.class,
                () -> new ContactImport(io.dynamicsdotdigital.dotdigital.client.model.ImportApi.V2_CSV, null,
                        MergeOption.OVERWRITE, List.of(Contact.of("a@example.com", Map.of()))));
        assertThrows(IllegalArgumentException.class, () -> ContactImport.v3(null, null, List.of()));
    }
}
