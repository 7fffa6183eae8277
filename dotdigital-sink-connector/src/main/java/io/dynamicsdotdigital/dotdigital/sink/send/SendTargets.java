package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSendRequest;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a request's lists or email into Dotdigital ids, read-only: a list whose address book does not exist yet or
 * an email Dotdigital does not know is a refusal, never a creation (a send must not go to a list the sync has not
 * filled).
 */
final class SendTargets {
    /** The resolved call and how many recipients it targets, when known. */
    record Resolved(CampaignSendRequest call, Integer recipients) {
    }

    private final DotdigitalClient client;

    SendTargets(DotdigitalClient client) {
        this.client = client;
    }

    Resolved resolve(SendRequest request) {
        if (!request.isListSend()) {
            Contact contact = client.contact(request.email()).orElseThrow(() -> new SendRefusedException(
                    Reason.CONTACT_NOT_IN_DOTDIGITAL, "request " + request.requestId() + ": no Dotdigital contact has"
                    + " the email of its contact or lead (sync the contact first)"));
            return new Resolved(new CampaignSendRequest(request.campaignId(), List.of(), List.of(contact.id()),
                    request.sendTime()), 1);
        }
        List<AddressBook> books = client.addressBooks();
        List<Long> ids = new ArrayList<>();
        int members = 0;
        for (String list : request.lists()) {
            AddressBook book = books.stream().filter(b -> matches(b, list)).findFirst().orElseThrow(() ->
                    new SendRefusedException(Reason.NO_ADDRESS_BOOK, "request " + request.requestId()
                            + ": marketing list '" + list + "' has no Dotdigital address book yet (the list sync"
                            + " creates it when it mirrors the list)"));
            if (!ids.contains(book.id())) {
                ids.add(book.id());
                members += book.contacts();
            }
        }
        if (ids.isEmpty()) {
            throw new SendRefusedException(Reason.EMPTY_TARGET, "request " + request.requestId()
                    + " resolves to no address book");
        }
        return new Resolved(new CampaignSendRequest(request.campaignId(), ids, List.of(), request.sendTime()),
                members);
    }

    private static boolean matches(AddressBook book, String list) {
        if (list.matches("\\d{1,18}")) {
            return book.id() == Long.parseLong(list);
        }
        return book.name() != null && book.name().trim().toLowerCase(Locale.ROOT)
                .equals(list.trim().toLowerCase(Locale.ROOT));
    }
}
