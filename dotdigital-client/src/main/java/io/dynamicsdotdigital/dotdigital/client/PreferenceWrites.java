package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.PreferenceChoice;
import java.util.List;
import java.util.Optional;

/**
 * Writing a contact's marketing preferences and consent, and the per-contact reads a writer compares against first.
 * REST v2 only: the SOAP API has no preference or consent operations, so a SOAP client sends these over REST to the
 * same account.
 */
public interface PreferenceWrites {

    /**
     * The contact's opt-in to one preference with the time Dotdigital last changed it, from
     * {@code GET /v2/contacts/with-preference/{preferenceId}/opt-ins-since/{date}?minContactId={contactId}} (the only
     * call that reports that time); empty when the contact never had an opt-in or opt-out for it.
     */
    Optional<MarketingPreferenceOptIn> contactOptIn(long contactId, long preferenceId);

    /**
     * {@code PUT /v2/contacts/{emailOrId}/preferences} with the choices as preferences (not categories), all in one
     * call. Repeatable: the call sets, it does not toggle.
     */
    void setContactPreferences(String emailOrId, List<PreferenceChoice> choices);

    /** {@code GET /v2/contacts/{contactId}/with-consent}: the consent records Dotdigital holds, oldest first. */
    List<ConsentRecord> contactConsent(long contactId);

    /**
     * {@code PUT /v2/contacts/{id}/with-consent}: adds one consent record to the contact (Dotdigital keeps every
     * record). Sent once: not repeated by the HTTP layer after a timeout, since a repeat would add the record twice;
     * callers read {@link #contactConsent} again before retrying.
     *
     * @param contact the existing contact: id and email
     */
    void addContactConsent(Contact contact, ConsentRecord consent);
}
