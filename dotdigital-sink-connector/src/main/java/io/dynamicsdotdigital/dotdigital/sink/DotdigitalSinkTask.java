package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.AddressBookResolver;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.EmailCache;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.ListMemberReader;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBatch;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBuffers;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportOutcome;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportRunner;
import io.dynamicsdotdigital.dotdigital.sink.bulk.OffsetTracker;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.config.DotdigitalSinkConfig;
import io.dynamicsdotdigital.dotdigital.sink.datafields.DataFieldRegistry;
import io.dynamicsdotdigital.dotdigital.sink.datafields.DataValues;
import io.dynamicsdotdigital.dotdigital.sink.record.ContactRecordParser;
import io.dynamicsdotdigital.dotdigital.sink.record.DataFieldConverter;
import io.dynamicsdotdigital.dotdigital.sink.record.EmailAddresses;
import io.dynamicsdotdigital.dotdigital.sink.record.InvalidRecordException;
import io.dynamicsdotdigital.dotdigital.sink.record.ParsedContact;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordValue;
import io.dynamicsdotdigital.dotdigital.sink.record.TopicRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies contact, list-member and list records to Dotdigital. Contacts and memberships go into bulk imports per
 * address book (started and polled on a background thread); removals and address-book unsubscribes are single calls,
 * run only after every import holding the same email finished so they always apply last. Offsets are committed
 * only up to the first record whose import or action has not finished.
 */
public class DotdigitalSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalSinkTask.class);
    public static final String HEADER_FAILURE_CODE = "dotdigital.failure.code";
    public static final String HEADER_FAILURE_DESCRIPTION = "dotdigital.failure.description";

    private DotdigitalSinkConfig config;
    private boolean toleranceAll;
    private SinkMetrics metrics;
    private DotdigitalClient client;
    private ContactRecordParser parser;
    private AddressBookResolver addressBooks;
    private EmailCache emails;
    private ListMemberReader members;
    private ImportBuffers buffers;
    private ImportRunner runner;
    private final OffsetTracker offsets = new OffsetTracker();
    private Long fixedAddressBookId;
    private InvalidRecordException fixedAddressBookProblem;
    private final Map<String, Long> addressBookByList = new HashMap<>();
    private final Map<String, String> listNames = new HashMap<>();
    /** Per email: how many batch entries (buffered or importing) hold it; actions wait until it is zero. */
    private final Map<String, Integer> inFlight = new HashMap<>();
    private final Map<String, ArrayDeque<Runnable>> parked = new HashMap<>();
    /** List members waiting for their contact's email, by Dynamics entity id; their offsets stay uncommitted. */
    private final Map<String, List<UnresolvedMember>> unresolvedMembers = new LinkedHashMap<>();

    private record UnresolvedMember(RecordRef ref, ListMemberReader.Member member, long sinceMillis) {
    }
    private ConnectException fatal;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DotdigitalSinkConfig(props);
        toleranceAll = "all".equalsIgnoreCase(props.getOrDefault("errors.tolerance", "none").trim());
        metrics = new SinkMetrics(ConnectorMetrics.forTask(context, props));
        client = DotdigitalClients.create(DotdigitalConfigDefs.settings(config), HttpConfigDefs.httpSettings(config),
                HttpConfigDefs.resilienceSettings(config), metrics.connectorMetrics());
        TopicRules rules = TopicRules.from(config);
        DataFieldRegistry dataFields = new DataFieldRegistry(client, config.autoCreateDataFields())
                .load(rules.allMappings());
        parser = new ContactRecordParser(rules, dataFields, new DataFieldConverter(config.stringMaxLength()),
                config.unsubscribeField(), config.contactIdFields());
        addressBooks = new AddressBookResolver(client, config.addressBookVisibility());
        emails = new EmailCache(config.emailCacheMaxEntries());
        members = new ListMemberReader(config.emailCacheMaxEntries());
        resolveFixedAddressBook();
        buffers = new ImportBuffers(config.batchSize(), config.maxBodyBytes(), config.v2CsvImport());
        runner = new ImportRunner(client, config.maxActiveImports(), config.importMaxAttempts(),
                config.pollIntervalMs(), "dotdigital-sink-imports-" + Integer.toHexString(hashCode()),
                new ImportRunner.Listener() {
                    @Override
                    public void started(ImportBatch batch) {
                        metrics.importsStarted.increment();
                        log.debug("Started Dotdigital {}", batch.describe());
                    }

                    @Override
                    public void throttled(ImportBatch batch) {
                        metrics.importsThrottled.increment();
                    }
                });
        log.info("Dotdigital sink task started: {} import, batches of up to {} contacts, address book {}",
                config.v2CsvImport() ? "v2 CSV" : "v3", config.batchSize(),
                fixedAddressBookId != null ? fixedAddressBookId : "(none fixed)");
    }


    private void resolveFixedAddressBook() {
        try {
            if (config.addressBookId() != null) {
                fixedAddressBookId = addressBooks.requireId(config.addressBookId(), DotdigitalSinkConfig.ADDRESS_BOOK_ID);
            } else if (!config.addressBookName().isEmpty()) {
                fixedAddressBookId = addressBooks.byName(config.addressBookName());
            }
        } catch (InvalidRecordException e) {
            // Every contact record will fail with this reason (and land in the DLQ when one is set).
            fixedAddressBookProblem = e;
            log.error("Dotdigital sink: {}", e.getMessage());
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        throwIfFatal();
        applyOutcomes();
        throwIfFatal();
        if (!records.isEmpty() && offsets.openRecords() >= config.maxBufferedRecords()) {
            sealExpired();
            context.timeout(Math.max(100, config.pollIntervalMs()));
            throw new RetriableException(offsets.openRecords() + " records wait for " + runner.activeImports()
                    + " active and " + runner.queuedImports() + " queued Dotdigital imports"
                    + " (import.max.buffered.records=" + config.maxBufferedRecords() + "); the batch is redelivered");
        }
        for (SinkRecord record : records) {
            metrics.recordsReceived.increment();
            RecordRef ref = RecordRef.of(record);
            offsets.track(ref.partition(), ref.offset());
            handle(ref);
            if (fatal != null) {
                break;
            }
        }
        expireUnresolvedMembers();
        sealExpired();
        updateLevels();
        throwIfFatal();
    }

    private void handle(RecordRef ref) {
        SinkRecord record = ref.record();
        try {
            String topic = record.topic();
            if (!config.listTopic().isEmpty() && config.listTopic().equals(topic)) {
                learnList(record);
                finish(ref);
            } else if (!config.listMemberTopic().isEmpty() && config.listMemberTopic().equals(topic)) {
                listMember(ref);
            } else if (record.value() == null) {
                tombstone(ref);
            } else {
                contact(ref);
            }
        } catch (InvalidRecordException e) {
            fail(ref, e.code(), e.getMessage(), e);
        } catch (DotdigitalApiException e) {
            apiFailure(ref, e);
        }
    }

    private void apiFailure(RecordRef ref, DotdigitalApiException e) {
        int status = e.statusCode();
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            fail(ref, e.errorCode().isEmpty() ? RecordErrorKind.API_ERROR.code() : e.errorCode(), e.getMessage(), e);
        } else {
            // Transient trouble that outlived the retries: fail the task; uncommitted records are redelivered.
            throw new ConnectException("Dotdigital call for the record at " + ref.describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    // --- contacts ----------------------------------------------------------------------------------------------

    private void contact(RecordRef ref) {
        ParsedContact parsed = parser.parse(ref.record());
        emails.put(parsed.crmId(), parsed.email());
        resolveWaitingMembers(parsed.crmId(), parsed.email());
        if (fixedAddressBookProblem != null) {
            throw fixedAddressBookProblem;
        }
        String status = null;
        boolean unsubscribeByCall = false;
        if (parsed.wantsUnsubscribe()) {
            if (config.unsubscribeFromAddressBookOnly() || config.v2CsvImport()) {
                unsubscribeByCall = true;
            } else {
                status = "Unsubscribed";
            }
        } else if (Boolean.FALSE.equals(parsed.unsubscribe()) && config.resubscribeSuppressedAllowed()) {
            // Only when explicitly allowed: a contact Dotdigital suppressed is otherwise never made subscribed.
            status = "Subscribed";
        }
        Contact contact = new Contact(0, parsed.email(), null, null, DataValues.toText(parsed.dataFields()), status);
        if (unsubscribeByCall) {
            enqueue(fixedAddressBookId, contact, null);
            String email = parsed.email();
            whenIdle(email, ref, () -> {
                if (config.unsubscribeFromAddressBookOnly()) {
                    client.unsubscribeFromAddressBook(fixedAddressBookId, email);
                } else {
                    client.unsubscribe(email);
                }
                metrics.unsubscribes.increment();
            });
        } else {
            enqueue(fixedAddressBookId, contact, ref);
        }
    }

    private void enqueue(Long addressBookId, Contact contact, RecordRef ref) {
        ImportBuffers.Added added = buffers.add(addressBookId, contact, ref);
        if (added.newEntry()) {
            inFlight.merge(contact.email(), 1, Integer::sum);
        }
        added.sealed().forEach(runner::submit);
    }

    // --- tombstones --------------------------------------------------------------------------------------------

    private void tombstone(RecordRef ref) {
        String action = config.tombstoneAction();
        if (DotdigitalSinkConfig.TOMBSTONE_IGNORE.equals(action)) {
            finish(ref);
            return;
        }
        Object key = ref.record().key();
        if (key == null) {
            throw new InvalidRecordException(RecordErrorKind.NULL_KEY,
                    "a tombstone needs a key naming the contact (tombstone.action=" + action + ")");
        }
        String id = ContactRecordParser.idFromKey(key, config.contactIdFields());
        String email = emails.get(id);
        if (email == null) {
            throw new InvalidRecordException(RecordErrorKind.UNKNOWN_CONTACT, "no email is known for the"
                    + " tombstone key '" + id + "': this task has not seen that contact since it started");
        }
        if (DotdigitalSinkConfig.TOMBSTONE_UNSUBSCRIBE.equals(action)) {
            whenIdle(email, ref, () -> {
                client.unsubscribe(email);
                metrics.unsubscribes.increment();
            });
        } else if (fixedAddressBookId != null) {
            long book = fixedAddressBookId;
            whenIdle(email, ref, () -> removeFromAddressBook(book, email));
        } else {
            log.debug("Tombstone at {} ignored: no fixed address book to remove the contact from", ref.describe());
            finish(ref);
        }
    }

    private void removeFromAddressBook(long addressBookId, String email) {
        client.contact(email).ifPresent(c -> {
            client.removeContactFromAddressBook(addressBookId, c.id());
            metrics.addressBookRemoves.increment();
        });
    }

    // --- list members ------------------------------------------------------------------------------------------

    private void learnList(SinkRecord record) {
        if (record.value() == null) {
            return;
        }
        RecordValue v = RecordValue.of(record.value());
        Object id = v.get("listid").value();
        Object name = v.get("listname").value();
        if (id != null && name != null && !name.toString().isBlank()) {
            listNames.put(id.toString().toLowerCase(Locale.ROOT), name.toString().trim());
        }
    }

    private void listMember(RecordRef ref) {
        SinkRecord record = ref.record();
        if (record.value() == null) {
            ListMemberReader.Member m = members.readTombstone(record.key());
            String email = memberEmail(m, null);
            long book = addressBookFor(m);
            whenIdle(email, ref, () -> removeFromAddressBook(book, email));
            return;
        }
        RecordValue value = RecordValue.of(record.value());
        ListMemberReader.Member m = members.read(record.key(), value);
        String email;
        try {
            email = memberEmail(m, value);
        } catch (InvalidRecordException e) {
            if (!RecordErrorKind.UNKNOWN_CONTACT.code().equals(e.code())) {
                throw e;
            }
            // The member's contact may simply not have arrived yet (another topic): wait for it, bounded.
            unresolvedMembers.computeIfAbsent(m.entityId(), id -> new ArrayList<>())
                    .add(new UnresolvedMember(ref, m, System.currentTimeMillis()));
            return;
        }
        long book = addressBookFor(m);
        enqueue(book, Contact.of(email, Map.of()), ref);
    }

    /** A contact's email became known: members that waited for it go to their address books now. */
    private void resolveWaitingMembers(String entityId, String email) {
        List<UnresolvedMember> waiting = entityId == null ? null : unresolvedMembers.remove(entityId);
        if (waiting == null) {
            return;
        }
        for (UnresolvedMember u : waiting) {
            try {
                enqueue(addressBookFor(u.member()), Contact.of(email, Map.of()), u.ref());
            } catch (InvalidRecordException e) {
                fail(u.ref(), e.code(), e.getMessage(), e);
            } catch (DotdigitalApiException e) {
                apiFailure(u.ref(), e);
            }
        }
    }

    private void expireUnresolvedMembers() {
        if (unresolvedMembers.isEmpty()) {
            return;
        }
        long deadline = System.currentTimeMillis() - config.listMemberUnresolvedWaitMs();
        Iterator<Map.Entry<String, List<UnresolvedMember>>> it = unresolvedMembers.entrySet().iterator();
        while (it.hasNext()) {
            List<UnresolvedMember> waiting = it.next().getValue();
            waiting.removeIf(u -> {
                if (u.sinceMillis() > deadline) {
                    return false;
                }
                fail(u.ref(), RecordErrorKind.UNKNOWN_CONTACT.code(), "no email is known for list member "
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

    private String memberEmail(ListMemberReader.Member m, RecordValue value) {
        if (value != null) {
            Object inRecord = value.get(config.emailField()).value();
            if (inRecord != null && !inRecord.toString().isBlank()) {
                String email = EmailAddresses.normalize(inRecord.toString());
                if (!EmailAddresses.isValid(email)) {
                    throw new InvalidRecordException(RecordErrorKind.INVALID_EMAIL, "'" + email + "' in field '"
                            + config.emailField() + "' of the list member is not a valid email address");
                }
                return email;
            }
        }
        String email = emails.get(m.entityId());
        if (email == null) {
            throw new InvalidRecordException(RecordErrorKind.UNKNOWN_CONTACT, "no email is known for list member "
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

    // --- ordering of single calls after imports ----------------------------------------------------------------

    /** Runs the call once no import holds the email any more, then finishes the record. */
    private void whenIdle(String email, RecordRef ref, Runnable call) {
        Runnable action = () -> {
            try {
                call.run();
                finish(ref);
            } catch (InvalidRecordException e) {
                fail(ref, e.code(), e.getMessage(), e);
            } catch (DotdigitalApiException e) {
                apiFailure(ref, e);
            }
        };
        if (inFlight.getOrDefault(email, 0) == 0 && !parked.containsKey(email)) {
            action.run();
        } else {
            parked.computeIfAbsent(email, k -> new ArrayDeque<>()).add(action);
        }
    }

    private void released(String email) {
        Integer left = inFlight.computeIfPresent(email, (k, n) -> n <= 1 ? null : n - 1);
        if (left != null) {
            return;
        }
        ArrayDeque<Runnable> waiting = parked.remove(email);
        while (waiting != null && !waiting.isEmpty()) {
            waiting.poll().run();
            // An action may have queued a new import for the email: the rest waits for it.
            if (inFlight.getOrDefault(email, 0) > 0 && !waiting.isEmpty()) {
                parked.put(email, waiting);
                return;
            }
        }
    }

    // --- import outcomes ---------------------------------------------------------------------------------------

    private void sealExpired() {
        buffers.sealExpired(config.flushIntervalMs()).forEach(runner::submit);
    }

    private void applyOutcomes() {
        for (ImportOutcome outcome : runner.drainOutcomes()) {
            ImportBatch batch = outcome.batch();
            if (outcome.finished()) {
                applyFinished(batch, outcome.result());
            } else {
                metrics.importsFailed.increment();
                log.error("Dotdigital {} gave up: {}", batch.describe(), outcome.failure());
                for (ImportBatch.Entry e : batch.entries()) {
                    for (RecordRef ref : e.records()) {
                        fail(ref, RecordErrorKind.IMPORT_FAILED.code(), "Dotdigital " + batch.describe()
                                + " did not succeed: " + outcome.failure(), null);
                    }
                }
            }
            for (ImportBatch.Entry e : batch.entries()) {
                released(e.contact().email());
            }
        }
    }

    private void applyFinished(ImportBatch batch, ImportResult result) {
        Map<String, ImportFailure> failures = new HashMap<>();
        for (ImportFailure f : result.failures()) {
            if (f.email() != null) {
                failures.put(EmailAddresses.normalize(f.email()), f);
            }
        }
        int refused = 0;
        for (ImportBatch.Entry e : batch.entries()) {
            ImportFailure f = failures.get(e.contact().email());
            if (f != null) {
                refused++;
            }
            for (RecordRef ref : e.records()) {
                if (f == null) {
                    finish(ref);
                } else {
                    fail(ref, f.failureCode(), "Dotdigital refused the contact in import " + result.importId()
                            + ": " + f.failureCode() + (f.description() == null ? "" : ": " + f.description()), null);
                }
            }
            if (f == null && "Unsubscribed".equals(e.contact().status())) {
                metrics.unsubscribes.increment();
            }
        }
        int imported = result.summary().newContacts() + result.summary().updatedContacts();
        metrics.importsFinished.increment();
        metrics.contactsImported.add(imported);
        if (batch.addressBookId() != null) {
            metrics.addressBookAdds.add(batch.contactCount() - refused);
        }
        log.info("Dotdigital import {} finished in {} ms: {} contacts sent, {} new, {} updated, {} globally"
                        + " suppressed, {} invalid, {} duplicates, {} refused{}", result.importId(),
                batch.runningMillis(), batch.contactCount(), result.summary().newContacts(),
                result.summary().updatedContacts(), result.summary().globallySuppressed(),
                result.summary().invalidEntries(), result.summary().duplicates(), refused,
                batch.addressBookId() == null ? "" : " (address book " + batch.addressBookId() + ")");
    }

    // --- record completion and failure -------------------------------------------------------------------------

    private void finish(RecordRef ref) {
        offsets.finished(ref.partition(), ref.offset());
    }

    private void fail(RecordRef ref, String code, String message, Throwable cause) {
        metrics.recordsFailed.increment();
        if (!toleranceAll) {
            if (fatal == null) {
                fatal = new ConnectException("Dotdigital sink cannot apply the record at " + ref.describe() + ": "
                        + code + ": " + message + " (errors.tolerance=none)", cause);
            }
            return;
        }
        ErrantRecordReporter reporter = reporter();
        if (reporter != null) {
            reporter.report(withFailureHeaders(ref.record(), code, message),
                    cause != null ? cause : new InvalidRecordException(code, message));
            metrics.dlqRecords.increment();
        } else {
            log.warn("Skipping the record at {} (errors.tolerance=all, no dead-letter queue): {}: {}",
                    ref.describe(), code, message);
        }
        finish(ref);
    }

    private ErrantRecordReporter reporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null;
        }
    }

    /**
     * A copy of the record with the failure code and description as headers. A plain SinkRecord (not the worker's
     * internal one) so the dead-letter queue writes these headers.
     */
    static SinkRecord withFailureHeaders(SinkRecord r, String code, String message) {
        Headers headers = new ConnectHeaders();
        r.headers().forEach(headers::add);
        headers.addString(HEADER_FAILURE_CODE, code);
        headers.addString(HEADER_FAILURE_DESCRIPTION, message);
        return new SinkRecord(r.topic(), r.kafkaPartition(), r.keySchema(), r.key(), r.valueSchema(), r.value(),
                r.kafkaOffset(), r.timestamp() == null ? Long.valueOf(0L) : r.timestamp(), r.timestampType(), headers);
    }

    private void throwIfFatal() {
        if (fatal != null) {
            throw fatal;
        }
    }

    private void updateLevels() {
        metrics.importsActive.set(runner.activeImports());
        metrics.importsQueued.set(runner.queuedImports());
        metrics.recordsPending.set(offsets.openRecords());
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (fatal == null) {
            applyOutcomes();
            sealExpired();
        }
        updateLevels();
        return offsets.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        offsets.forget(partitions);
    }

    @Override
    public void stop() {
        if (runner != null) {
            runner.close();
        }
        if (buffers != null) {
            buffers.clear();
        }
        if (client != null) {
            client.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** For tests and the benchmark. */
    SinkMetrics metrics() {
        return metrics;
    }

}
