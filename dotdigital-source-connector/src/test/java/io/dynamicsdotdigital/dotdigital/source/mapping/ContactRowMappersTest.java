package io.dynamicsdotdigital.dotdigital.source.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactRowMappersTest {
    private static final Instant REMOVED = Instant.parse("2026-11-01T08:00:00Z");

    @Test
    void suppressionsAreKeyedByTheLowerCaseEmail() {
        Contact c = new Contact(0, " Ann@Example.COM ", "Single", "Html", Map.of(), "Unsubscribed");
        StreamRow row = ContactRowMappers.suppression(new ContactSuppression(c, REMOVED, "Unsubscribed"));
        assertEquals("ann@example.com", row.key().getString("email"));
        assertNull(row.value().get("contactId"), "contact id 0 means unknown");
        assertEquals(REMOVED, row.time());
    }

    @Test
    void aModifiedContactIsANewVersionOnlyWhenItsContentChanges() {
        Contact before = new Contact(9, "b@example.com", "Single", "Html", Map.of("FIRSTNAME", "Bo"), "Subscribed");
        Contact same = new Contact(9, "b@example.com", "Single", "Html", Map.of("FIRSTNAME", "Bo"), "Subscribed");
        Contact changed = new Contact(9, "b@example.com", "Single", "Html", Map.of("FIRSTNAME", "Bob"), "Subscribed");
        assertEquals(ContactRowMappers.contact(before).identity(), ContactRowMappers.contact(same).identity());
        assertNotEquals(ContactRowMappers.contact(before).identity(), ContactRowMappers.contact(changed).identity());
        assertNull(ContactRowMappers.contact(before).time(), "contacts carry no modified date");
    }
}
