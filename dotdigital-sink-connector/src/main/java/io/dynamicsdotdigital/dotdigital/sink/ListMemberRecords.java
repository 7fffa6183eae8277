package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.AddressBookResolver;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.EmailCache;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.ListMemberReader;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.outage.Outage;
import io.dynamicsdotdigital.dotdigital.sink.record.EmailAddresses;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordValue;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamics marketing lists and their members: a member joins the address book of its list in the next import; a
 * member tombstone removes it after the imports of its email. A member whose email is not known yet (its contact
 * arrives on another topic) waits for that contact, at most {@code listmember.unresolved.wait.ms}. With a
 * {@code list.topic}, a member whose list's name is not known yet waits for the list record just as long, so the
 * address book gets the list's name rather than the fallback "Dynamics list &lt;id&gt;" for good (topics are
 * consumed in no particular order, and change-tracked members carry no list name).
 */
final class ListMemberRecords {
    private static final Logger log = LoggerFactory.getLogger(ListMemberRecords.class);

    private record UnresolvedMember(RecordRef ref, ListMemberReader.Member member, long sinceMillis) {
    }

    private record UnnamedListMember(RecordRef ref, ListMemberReader.Member member, String email, long sinceMillis) {
    }

    private final DotdigitalSinkConfig config;
    private final ListMemberReader members;
    private final EmailCache emails;
    private final AddressBookResolver addressBooks;
    private final DotdigitalClient client;
    private final PendingWork work;
    private final DotdigitalSinkMetrics metrics;
    private final Clock clock;
    private final Map<String, Long> addressBookByList = new HashMap<>();
    private final Map<String, String> listNames = new HashMap<>();
    /** Members waiting for their contact's email, by Dynamics entity id; their offsets stay uncommitted. */
    private final Map<String, List<UnresolvedMember>> unresolved = new LinkedHashMap<>();
    /** Members (email known) waiting for their list's name, by list id; their offsets stay uncommitted. */
    private final Map<String, List<UnnamedListMember>> awaitingListName = new LinkedHashMap<>();

    ListMemberRecords(DotdigitalSinkConfig config, ListMemberReader members, EmailCache emails,
                      AddressBookResolver addressBooks, DotdigitalClient client, PendingWork work,
                      DotdigitalSinkMetrics metrics, Clock clock) {
        this.config = config;
        this.members = members;
        this.emails = emails;
        this.addressBooks = addressBooks;
        this.client = client;
        this.work = work;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A record of list.topic: remembers the list's name for naming its address book. */
    void list(RecordRef ref) {
        SinkRecord record = ref.record();
        if (record.value() != null) {
            RecordValue v = RecordValue.of(record.value());
            Object id = v.get("listid").value();
            Object name = v.get("listname").value();
            if (id != null && name != null && !name.toString().isBlank()) {
                String listId = id.toString().toLowerCase(Locale.ROOT);
                listNames.put(listId, name.toString().trim());
                List<UnnamedListMember> waiting = awaitingListName.remove(listId);
                if (waiting != null) {
                    enqueueNamed(listId, waiting);
                }
            }
        }
        work.finish(ref);
    }

    /** Members whose list's name arrived (or whose wait ended) go to the list's address book. */
    private void enqueueNamed(String listId, List<UnnamedListMember> waiting) {
        // The record that released them pauses on an outage (and is redelivered); the rest keep waiting.
        release(waiting, UnnamedListMember::ref,
                u -> work.enqueue(addressBookFor(u.member()), Contact.of(u.email(), Map.of()), u.ref()),
                rest -> awaitingListName.put(listId, rest));
    }

    /**
     * Places members that waited, one by one: a member refused for a reason of its own fails alone; on a failure to
     * wait out, the members not placed yet go back to waiting and the failure pauses the record that released them.
     */
    private <T> void release(List<T> waiting, Function<T, RecordRef> refOf, Consumer<T> placeOne,
                             Consumer<List<T>> keepWaiting) {
        for (int i = 0; i < waiting.size(); i++) {
            T member = waiting.get(i);
            try {
                placeOne.accept(member);
            } catch (RejectedRecordException e) {
                work.fail(refOf.apply(member), e);
            } catch (DotdigitalApiException e) {
                if (Outage.waitsOut(e)) {
                    keepWaiting.accept(new ArrayList<>(waiting.subList(i, waiting.size())));
                    throw e;
                }
                work.apiFailure(refOf.apply(member), e);
            }
        }
    }

    /** Into the list's address book, or waiting for the list's name when the list topic has not named it yet. */
    private void place(RecordRef ref, ListMemberReader.Member m, String email) {
        boolean nameUnknown = !config.listTopic().isEmpty() && !addressBookByList.containsKey(m.listId())
                && config.listMemberMapping().get(m.listId()) == null && listNames.get(m.listId()) == null
                && (m.listName() == null || m.listName().isBlank());
        if (nameUnknown) {
            awaitingListName.computeIfAbsent(m.listId(), id -> new ArrayList<>())
                    .add(new UnnamedListMember(ref, m, email, clock.millis()));
            return;
        }
        work.enqueue(addressBookFor(m), Contact.of(email, Map.of()), ref);
    }

    void member(RecordRef ref) {
        SinkRecord record = ref.record();
        if (record.value() == null) {
            ListMemberReader.Member m = members.readTombstone(record.key());
            String email = memberEmail(m, null);
            long book = addressBookFor(m);
            work.whenIdle(email, ref, () -> ContactRecords.removeFromAddressBook(client, metrics, book, email));
            return;
        }
        RecordValue value = RecordValue.of(record.value());
        ListMemberReader.Member m = members.read(record.key(), value);
        String email;
        try {
            email = memberEmail(m, value);
        } catch (RejectedRecordException e) {
            if (!RecordErrorKind.UNKNOWN_CONTACT.code().equals(e.code())) {
                throw e;
            }
            // The member's contact may simply not have arrived yet (another topic): wait for it, bounded.
            unresolved.computeIfAbsent(m.entityId(), id -> new ArrayList<>())
                    .add(new UnresolvedMember(ref, m, clock.millis()));
            return;
        }
        place(ref, m, email);
    }

    /** A contact's email became known: members that waited for it go to their address books now. */
    void contactSeen(String entityId, String email) {
        List<UnresolvedMember> waiting = entityId == null ? null : unresolved.remove(entityId);
        if (waiting == null) {
            return;
        }
        // The contact record pauses on an outage (and is redelivered); the members not placed yet keep waiting.
        release(waiting, UnresolvedMember::ref, u -> place(u.ref(), u.member(), email),
                rest -> unresolved.put(entityId, rest));
    }

    /**
     * Members that waited longer than listmember.unresolved.wait.ms for their contact fail as UnknownContact; those
     * that waited that long for their list's name go to an address book with the fallback name.
     */
    void expireUnresolved() {
        long deadline = clock.millis() - config.listMemberUnresolvedWaitMs();
        if (!awaitingListName.isEmpty()) {
            for (String listId : List.copyOf(awaitingListName.keySet())) {
                List<UnnamedListMember> waiting = awaitingListName.get(listId);
                if (waiting != null && !waiting.isEmpty() && waiting.get(0).sinceMillis() <= deadline) {
                    log.warn("No record of {} named list {} within {}={} ms; its {} members go to the address book"
                                    + " 'Dynamics list {}'", DotdigitalSinkConfig.LIST_TOPIC, listId,
                            DotdigitalSinkConfig.LISTMEMBER_UNRESOLVED_WAIT_MS, config.listMemberUnresolvedWaitMs(),
                            waiting.size(), listId);
                    awaitingListName.remove(listId);
                    listNames.putIfAbsent(listId, "Dynamics list " + listId);
                    enqueueNamed(listId, waiting);
                }
            }
        }
        if (unresolved.isEmpty()) {
            return;
        }
        Iterator<Map.Entry<String, List<UnresolvedMember>>> it = unresolved.entrySet().iterator();
        while (it.hasNext()) {
            List<UnresolvedMember> waiting = it.next().getValue();
            waiting.removeIf(u -> {
                if (u.sinceMillis() > deadline) {
                    return false;
                }
                work.fail(u.ref(), RecordErrorKind.UNKNOWN_CONTACT.code(), "no email is known for list member "
                        + u.member().entityId() + " of list " + u.member().listId() + ": the record carries none and"
                        + " no contact record with that id reached this task within "
                        + DotdigitalSinkConfig.LISTMEMBER_UNRESOLVED_WAIT_MS + "=" + config.listMemberUnresolvedWaitMs()
                        + " ms", null);
                return true;
            });
            if (waiting.isEmpty()) {
                it.remove();
            }
        }
    }

    int unresolvedMembers() {
        return unresolved.values().stream().mapToInt(List::size).sum()
                + awaitingListName.values().stream().mapToInt(List::size).sum();
    }

    private String memberEmail(ListMemberReader.Member m, RecordValue value) {
        if (value != null) {
            Object inRecord = value.get(config.emailField()).value();
            if (inRecord != null && !inRecord.toString().isBlank()) {
                String email = EmailAddresses.normalize(inRecord.toString());
                if (!EmailAddresses.isValid(email)) {
                    throw new RejectedRecordException(RecordErrorKind.INVALID_EMAIL, "'" + email + "' in field '"
                            + config.emailField() + "' of the list member is not a valid email address");
                }
                return email;
            }
        }
        String email = emails.get(m.entityId());
        if (email == null) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_CONTACT, "no email is known for list member "
                    + m.entityId() + " of list " + m.listId() + ": the record carries none and this task has not"
                    + " seen that contact since it started");
        }
        return email;
    }

    private long addressBookFor(ListMemberReader.Member m) {
        Long known = addressBookByList.get(m.listId());
        if (known != null) {
            return known;
        }
        String mapped = config.listMemberMapping().get(m.listId());
        long id;
        if (mapped != null) {
            id = addressBooks.resolve(mapped, DotdigitalSinkConfig.LISTMEMBER_MAPPING + " for list " + m.listId());
        } else {
            String name = listNames.get(m.listId());
            if (name == null) {
                name = m.listName() != null && !m.listName().isBlank() ? m.listName().trim() : "Dynamics list " + m.listId();
            }
            id = addressBooks.byName(name);
        }
        addressBookByList.put(m.listId(), id);
        return id;
    }
}
