package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.RecordedSend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Campaign sends for REST and SOAP alike: every accepted send is recorded with the recipients resolved from its
 * address books and contacts at send time. Like the real API, a send with no address book and no contact goes to
 * every contact of the account; it is recorded with {@code emptyTarget} so tests can assert it never happens.
 * Test hooks make sends stay Sending, end in another status, or have their answer dropped after being applied.
 */
final class CampaignSends {
    private final DotdigitalState state;
    private final Map<String, Instant> due = new ConcurrentHashMap<>();
    private final Map<String, String> endStatus = new ConcurrentHashMap<>();
    private final List<RecordedSend> recorded = new ArrayList<>();
    private volatile Duration delay = Duration.ofMillis(50);
    private volatile boolean holdInSending;
    private String nextEndStatus;
    private int answersToDrop;

    CampaignSends(DotdigitalState state) {
        this.state = state;
    }

    void delay(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
    }

    void holdInSending(boolean hold) {
        this.holdInSending = hold;
    }

    synchronized void endNextIn(String status) {
        this.nextEndStatus = Objects.requireNonNull(status);
    }

    synchronized void dropNextAnswers(int count) {
        this.answersToDrop = count;
    }

    /** True when the answer of the send just applied must be dropped (consumes one). */
    synchronized boolean takeDroppedAnswer() {
        if (answersToDrop > 0) {
            answersToDrop--;
            return true;
        }
        return false;
    }

    synchronized List<RecordedSend> recorded() {
        return List.copyOf(recorded);
    }

    /** Records and starts a send; the caller has checked that the campaign and address books exist. */
    CampaignSend start(int campaignId, List<Integer> books, List<Integer> contacts, Instant sendDate,
                       String transport) {
        boolean emptyTarget = books.isEmpty() && contacts.isEmpty();
        String id = UUID.randomUUID().toString();
        List<String> recipients = recipients(books, contacts, emptyTarget);
        synchronized (this) {
            recorded.add(new RecordedSend(id, campaignId, List.copyOf(books), List.copyOf(contacts), sendDate,
                    state.now(), emptyTarget, recipients, transport));
            if (nextEndStatus != null) {
                endStatus.put(id, nextEndStatus);
                nextEndStatus = null;
            }
        }
        // Like the real API, each recipient's activity row (dateSent) appears once the email went out: here at once
        // for an immediate send that will end Sent, never for one held in Sending, ending otherwise, or scheduled.
        boolean goesOutNow = !holdInSending && !sendDate.isAfter(state.now())
                && "Sent".equals(endStatus.getOrDefault(id, "Sent"));
        if (goesOutNow && !emptyTarget) {
            state.recordCampaignSent(campaignId, recipients, sendDate);
        }
        due.put(id, Instant.now().plus(delay));
        return state.addSend(new CampaignSend(id, campaignId, List.copyOf(books), List.copyOf(contacts), sendDate,
                "Sending"));
    }

    Optional<CampaignSend> progress(String id) {
        Optional<CampaignSend> s = state.send(id);
        Instant at = due.get(id);
        if (s.isEmpty() || at == null || Instant.now().isBefore(at) || !"Sending".equals(s.get().status())
                || holdInSending) {
            return s;
        }
        CampaignSend old = s.get();
        CampaignSend done = new CampaignSend(old.id(), old.campaignId(), old.addressBookIds(), old.contactIds(),
                old.sendDate(), endStatus.getOrDefault(id, "Sent"));
        state.updateSend(done);
        return Optional.of(done);
    }

    private List<String> recipients(List<Integer> books, List<Integer> contacts, boolean everyone) {
        Set<String> emails = new LinkedHashSet<>();
        if (everyone) {
            state.contacts().forEach(c -> emails.add(c.email()));
        }
        books.forEach(b -> emails.addAll(state.addressBookMembers(b)));
        contacts.forEach(c -> state.contactById(c).map(Contact::email).ifPresent(emails::add));
        emails.removeIf(e -> state.contactByEmail(e).map(Contact::suppressed).orElse(true));
        return List.copyOf(emails);
    }
}
