package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.errors.FailedRecordHandler;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.AddressBookResolver;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.EmailCache;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.ListMemberReader;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBatch;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportBuffers;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportListener;
import io.dynamicsdotdigital.dotdigital.sink.bulk.ImportRunner;
import io.dynamicsdotdigital.dotdigital.sink.bulk.OffsetTracker;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.datafields.DataFieldRegistry;
import io.dynamicsdotdigital.dotdigital.sink.outage.Outage;
import io.dynamicsdotdigital.dotdigital.sink.record.ContactRecordParser;
import io.dynamicsdotdigital.dotdigital.sink.record.DataFieldConverter;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.record.TopicRules;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
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
 *
 * <p>put(): apply finished imports, refuse when too much waits, route each record to its part
 * ({@link ContactRecords}, {@link ListMemberRecords}), seal due batches.
 */
public class DotdigitalSinkTask extends SinkTask {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalSinkTask.class);
    public static final String HEADER_FAILURE_CODE = RecordFailures.HEADER_FAILURE_CODE;
    public static final String HEADER_FAILURE_DESCRIPTION = RecordFailures.HEADER_FAILURE_DESCRIPTION;

    private final DotdigitalClient givenClient;
    private final Clock clock;
    private DotdigitalSinkConfig config;
    private DotdigitalSinkMetrics metrics;
    /** For the import runner's thread, with the configured retries. */
    private DotdigitalClient client;
    /** For calls on put()'s thread, with short waits (see PutThreadCalls). */
    private DotdigitalClient putThreadClient;
    private ImportRunner runner;
    private ImportBuffers buffers;
    private RecordFailures failures;
    private PendingWork work;
    private ContactRecords contacts;
    private ListMemberRecords listMembers;
    private PreferenceRecords preferences;
    private ImportOutcomes outcomes;
    /** Calls made while routing records (address-book lookups and creation) that must be waited out. */
    private Outage routingOutage;

    public DotdigitalSinkTask() {
        this(null, Clock.systemUTC());
    }

    /** With a client of the test's choosing (closed by stop()) and a clock for the waits. */
    DotdigitalSinkTask(DotdigitalClient client, Clock clock) {
        this.givenClient = client;
        this.clock = clock;
    }

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        config = new DotdigitalSinkConfig(props);
        metrics = new DotdigitalSinkMetrics(ConnectorMetrics.forTask(context, props));
        ResilienceSettings resilience = HttpConfigDefs.resilienceSettings(config);
        client = givenClient != null ? givenClient : createClient(resilience);
        putThreadClient = givenClient != null ? givenClient : createClient(PutThreadCalls.resilience(resilience));
        failures = new RecordFailures(new FailedRecordHandler(props, this::reporter, metrics.connectorMetrics()),
                metrics);
        buffers = new ImportBuffers(config.batchSize(), config.maxBodyBytes(), config.v2CsvImport());
        runner = new ImportRunner(client, config.maxActiveImports(), config.importMaxAttempts(),
                config.pollIntervalMs(), "dotdigital-sink-imports-" + Integer.toHexString(hashCode()),
                new ImportListener() {
                    @Override
                    public void started(ImportBatch batch) {
                        metrics.importsStarted.increment();
                        log.debug("Started Dotdigital {}", batch.describe());
                    }

                    @Override
                    public void throttled(ImportBatch batch) {
                        metrics.importsThrottled.increment();
                    }

                    @Override
                    public void restarted(ImportBatch batch) {
                        metrics.importsRestarted.increment();
                    }
                }, outage("imports"));
        work = new PendingWork(buffers, runner, new PerEmailOrder(), new OffsetTracker(), failures,
                outage("address-book removals and unsubscribes"), clock);
        routingOutage = outage("address-book lookups");
        outcomes = new ImportOutcomes(work, metrics);
        TopicRules rules = config.topicRules();
        DataFieldRegistry dataFields = new DataFieldRegistry(putThreadClient, config.autoCreateDataFields())
                .load(rules.allMappings());
        ContactRecordParser parser = new ContactRecordParser(rules, dataFields,
                new DataFieldConverter(config.stringMaxLength()), config.unsubscribeField(), config.contactIdFields());
        AddressBookResolver addressBooks = new AddressBookResolver(putThreadClient, config.addressBookVisibility());
        EmailCache emails = new EmailCache(config.emailCacheMaxEntries());
        listMembers = new ListMemberRecords(config, new ListMemberReader(config.emailCacheMaxEntries()), emails,
                addressBooks, putThreadClient, work, metrics, clock);
        contacts = new ContactRecords(config, parser, emails, putThreadClient, work, metrics,
                listMembers::contactSeen);
        contacts.resolveFixedAddressBook(addressBooks);
        preferences = PreferenceRecords.ifConfigured(config, putThreadClient, metrics, clock, emails, work);
        contacts.readPreferences(preferences);
        log.info("Dotdigital sink task started: {} import, batches of up to {} contacts, address book {}",
                config.v2CsvImport() ? "v2 CSV" : "v3", config.batchSize(),
                contacts.fixedAddressBookId() != null ? contacts.fixedAddressBookId() : "(none fixed)");
    }

    private DotdigitalClient createClient(ResilienceSettings resilience) {
        return DotdigitalClients.create(DotdigitalConfigDefs.settings(config), HttpConfigDefs.httpSettings(config),
                resilience, metrics.connectorMetrics());
    }

    private Outage outage(String work) {
        return new Outage(work, DotdigitalSinkConfig.OUTAGE_MAX_DURATION_MS, config.outageMaxDurationMs(), clock,
                metrics.callsDeferred);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        failures.throwIfFatal();
        applyFinishedWork();
        failures.throwIfFatal();
        refuseWhileTooMuchWaits(records);
        for (SinkRecord record : records) {
            RecordRef ref = work.accept(record);
            if (ref == null) {
                continue; // taken before a pause: the worker redelivers the whole batch
            }
            metrics.recordsReceived.increment();
            route(ref);
            if (failures.hasFatal()) {
                break;
            }
        }
        listMembers.expireUnresolved();
        work.sealExpired(config.flushIntervalMs());
        updateLevels();
        failures.throwIfFatal();
        comeBackWhileWorkWaits();
    }

    /**
     * Batches are sealed, import outcomes applied and parked calls run only on this thread, in put() and preCommit().
     * With no new records the worker calls put() again only when its consumer poll ends, which is at the next offset
     * commit (offset.flush.interval.ms, a minute by default): a lone record would wait that long instead of
     * import.flush.interval.ms. context.timeout() also bounds the worker's next poll, so ask for it while anything is
     * unfinished.
     */
    private void comeBackWhileWorkWaits() {
        if (work.openRecords() > 0 || runner.activeImports() > 0 || runner.queuedImports() > 0) {
            context.timeout(Math.max(10, Math.min(config.flushIntervalMs(), config.pollIntervalMs())));
        }
    }

    /** Backpressure: ask the worker to redeliver later instead of blocking put(). */
    private void refuseWhileTooMuchWaits(Collection<SinkRecord> records) {
        if (records.isEmpty() || (work.openRecords() < config.maxBufferedRecords()
                && work.openBytes() < config.maxBufferedBytes())) {
            return;
        }
        work.sealExpired(config.flushIntervalMs());
        context.timeout(Math.max(100, config.pollIntervalMs()));
        throw new RetriableException(work.openRecords() + " records (about " + work.openBytes() / 1024
                + " KiB) wait for " + runner.activeImports() + " active and " + runner.queuedImports()
                + " queued Dotdigital imports (import.max.buffered.records=" + config.maxBufferedRecords()
                + ", import.max.buffered.bytes=" + config.maxBufferedBytes() + "); the batch is redelivered");
    }

    private void route(RecordRef ref) {
        String topic = ref.record().topic();
        try {
            if (!config.listTopic().isEmpty() && config.listTopic().equals(topic)) {
                listMembers.list(ref);
            } else if (!config.listMemberTopic().isEmpty() && config.listMemberTopic().equals(topic)) {
                listMembers.member(ref);
            } else if (preferences != null && preferences.isConsentTopic(topic)) {
                preferences.consent(ref);
            } else if (preferences != null && preferences.isSubscriptionTopic(topic)) {
                preferences.subscription(ref);
            } else if (ref.record().value() == null) {
                contacts.tombstone(ref);
            } else {
                contacts.contact(ref);
            }
            routingOutage.recovered();
        } catch (RejectedRecordException e) {
            work.fail(ref, e);
        } catch (DotdigitalApiException e) {
            if (!Outage.waitsOut(e)) {
                work.apiFailure(ref, e);
                return;
            }
            pause(ref, e);
        }
    }

    /**
     * A call for this record failed for a reason no record is to blame for: hand the record back and ask the worker
     * to redeliver the batch after a backoff (the records before it are taken already and skipped then).
     */
    private void pause(RecordRef ref, DotdigitalApiException e) {
        work.giveBack(ref);
        long waitMs = routingOutage.failed(e);
        if (routingOutage.exceeded()) {
            throw routingOutage.failure();
        }
        context.timeout(waitMs);
        throw new RetriableException("Dotdigital call for the record at " + ref.describe() + " failed ("
                + e.getMessage() + "); the batch is redelivered in " + waitMs + " ms", e);
    }

    /** Outcomes of imports, single calls due again, and the import runner's health. */
    private void applyFinishedWork() {
        if (runner.failure() != null) {
            failures.failTask(runner.failure());
            return;
        }
        outcomes.apply(runner.drainOutcomes());
        work.retryDueCalls();
    }

    private ErrantRecordReporter reporter() {
        return context == null ? null : context.errantRecordReporter();
    }

    private void updateLevels() {
        metrics.importsActive.set(runner.activeImports());
        metrics.importsQueued.set(runner.queuedImports());
        metrics.recordsPending.set(work.openRecords());
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!failures.hasFatal()) {
            applyFinishedWork();
            work.sealExpired(config.flushIntervalMs());
        }
        updateLevels();
        failures.awaitReported();
        return work.committable(currentOffsets.keySet());
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        work.forget(partitions);
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
        if (putThreadClient != null && putThreadClient != client) {
            putThreadClient.close();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    /** For tests and the benchmark. */
    DotdigitalSinkMetrics metrics() {
        return metrics;
    }
}
