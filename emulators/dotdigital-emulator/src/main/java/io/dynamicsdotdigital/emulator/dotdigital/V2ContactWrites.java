package io.dynamicsdotdigital.emulator.dotdigital;

import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.error;
import static io.dynamicsdotdigital.emulator.dotdigital.V2Api.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contact creates, updates and resubscribes from a v2 {@code ApiContact} JSON body, with Dotdigital's rules; shared by
 * the v2 REST routes and the SOAP operations (which hand in their ApiContact as the same JSON).
 */
final class V2ContactWrites {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;

    V2ContactWrites(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
    }

    /** Create or update from an ApiContact body; never changes a suppressed contact's status. */
    Contact upsert(JsonNode node) {
        String email = node.path("email").asText(null);
        if (!DotdigitalState.isValidEmail(email)) {
            throw invalid("Email is not a valid email address.");
        }
        synchronized (state) {
            Map<String, Object> values = dataFieldValues(node.path("dataFields"));
            StoredContact sc = state.findOrCreate(email);
            values.forEach((k, v) -> {
                if (v == null || "".equals(v)) {
                    sc.dataFields.remove(k);
                } else {
                    sc.dataFields.put(k, v);
                }
            });
            if (node.hasNonNull("optInType")) {
                sc.optInType = node.path("optInType").asText();
            }
            if (node.hasNonNull("emailType")) {
                sc.emailType = node.path("emailType").asText();
            }
            sc.modified = state.now();
            return state.view(sc);
        }
    }

    /** Validates a v2 {@code [{key,value}]} list against the account's data fields. */
    Map<String, Object> dataFieldValues(JsonNode list) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode kv : list) {
            String key = kv.path("key").asText("");
            DataField f = state.dataField(key)
                    .orElseThrow(() -> error(400, "Data field '" + key + "' does not exist. ERROR_DATAFIELD_NOT_FOUND"));
            try {
                values.put(f.name(), ContactImports.convert(f, kv.path("value")));
            } catch (IllegalArgumentException e) {
                throw invalid("The value of data field '" + f.name() + "' is not a valid " + f.type() + ".");
            }
        }
        return values;
    }

    record Resubscription(Contact contact, String status) {
    }

    /**
     * Suppressed for another reason than an unsubscribe: ContactCannotBeUnsuppressed. Unsubscribed: ContactChallenged
     * (a confirmation email; status unchanged) unless the emulator resubscribes without a challenge.
     */
    Resubscription resubscribe(String email, JsonNode dataFields) {
        synchronized (state) {
            Map<String, Object> values = dataFieldValues(dataFields);
            StoredContact sc = state.stored(email);
            if (sc == null) {
                sc = state.findOrCreate(email);
                sc.dataFields.putAll(values);
                return new Resubscription(state.view(sc), "ContactAdded");
            }
            if ("Subscribed".equals(sc.status) || "PendingOptIn".equals(sc.status)) {
                return new Resubscription(state.view(sc), "ContactAdded");
            }
            if (!"Unsubscribed".equals(sc.status)) {
                return new Resubscription(state.view(sc), "ContactCannotBeUnsuppressed");
            }
            if (!emu.resubscribeWithoutChallenge()) {
                return new Resubscription(state.view(sc), "ContactChallenged");
            }
            sc.dataFields.putAll(values);
            state.unsuppress(sc, "Subscribed");
            return new Resubscription(state.view(sc), "ContactAdded");
        }
    }
}
