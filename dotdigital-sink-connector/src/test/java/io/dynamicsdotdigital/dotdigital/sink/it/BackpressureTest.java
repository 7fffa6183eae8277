package io.dynamicsdotdigital.dotdigital.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClientSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dotdigital.sink.support.WorkerSide;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/** put() refuses (RetriableException, nothing accepted) instead of blocking while too many records wait on imports. */
class BackpressureTest {
    @Test
    void putAsksForRedeliveryWhileImportsAreBusyAndNothingCommitsEarly() throws Exception {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty())
                .importProcessingDelay(Duration.ofSeconds(2)).build().start()) {
            Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "bp-tls"))
                    .resolve("truststore.p12"), "changeit");
            Map<String, String> props = new HashMap<>();
            props.put("dotdigital.api.user", emu.apiUser());
            props.put("dotdigital.api.password", emu.apiPassword());
            props.put("dotdigital.api.endpoint", emu.baseUrl());
            props.put("http.truststore.path", trust.toAbsolutePath().toString());
            props.put("http.truststore.password", "changeit");
            props.put("import.batch.size", "10");
            props.put("import.max.buffered.records", "20");
            props.put("import.poll.interval.ms", "100");
            TopicPartition tp = new TopicPartition("contacts", 0);
            WorkerSide worker = new WorkerSide(props, Set.of(tp));
            DotdigitalSinkTask task = new DotdigitalSinkTask();
            task.initialize(worker);
            task.start(props);
            try {
                task.put(records(0, 20));
                List<SinkRecord> more = records(20, 5);
                RetriableException e = assertThrows(RetriableException.class, () -> task.put(more));
                assertTrue(e.getMessage().contains("import.max.buffered.records"), e.getMessage());
                assertTrue(worker.lastTimeoutMs() > 0, "the task asks the worker to wait before redelivering");
                assertTrue(task.preCommit(Map.of(tp, new OffsetAndMetadata(0))).isEmpty(),
                        "nothing is committable while the imports run");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean accepted = false;
                while (!accepted && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    try {
                        task.put(more);
                        accepted = true;
                    } catch (RetriableException stillBusy) {
                        // the worker would redeliver the same batch; so do we
                    }
                }
                assertTrue(accepted, "the redelivered batch is accepted once the imports finished");
                long committed = 0;
                while (committed < 25 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    task.put(List.of());
                    Map<TopicPartition, OffsetAndMetadata> c = task.preCommit(Map.of(tp, new OffsetAndMetadata(0)));
                    committed = c.containsKey(tp) ? c.get(tp).offset() : 0;
                }
                assertEquals(25, committed);
                assertEquals(25, emu.state().contactCount());
            } finally {
                task.stop();
            }
        }
    }

    /**
     * Few records, each large: the byte bound, not the record count, pauses the worker, so a heap holds the buffer
     * whatever the record size (issue 19: a 1,000,000-contact run under -Xmx256m).
     */
    @Test
    void largeRecordsPauseAtTheByteBoundLongBeforeTheRecordBound() throws Exception {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty())
                .importProcessingDelay(Duration.ofSeconds(2)).build().start()) {
            Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "bp-tls"))
                    .resolve("truststore3.p12"), "changeit");
            Map<String, String> props = new HashMap<>();
            props.put("dotdigital.api.user", emu.apiUser());
            props.put("dotdigital.api.password", emu.apiPassword());
            props.put("dotdigital.api.endpoint", emu.baseUrl());
            props.put("http.truststore.path", trust.toAbsolutePath().toString());
            props.put("http.truststore.password", "changeit");
            props.put("import.batch.size", "10");
            props.put("import.max.buffered.bytes", String.valueOf(1024 * 1024));
            props.put("import.poll.interval.ms", "100");
            TopicPartition tp = new TopicPartition("contacts", 0);
            WorkerSide worker = new WorkerSide(props, Set.of(tp));
            DotdigitalSinkTask task = new DotdigitalSinkTask();
            task.initialize(worker);
            task.start(props);
            try {
                // about 80 KB of heap each (a 20,000-character field, held by the record and its contact)
                task.put(largeRecords(0, 20));
                List<SinkRecord> more = largeRecords(20, 5);
                RetriableException e = assertThrows(RetriableException.class, () -> task.put(more));
                assertTrue(e.getMessage().contains("import.max.buffered.bytes"), e.getMessage());
                assertTrue(task.preCommit(Map.of(tp, new OffsetAndMetadata(0))).isEmpty(),
                        "nothing is committable while the imports run");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                boolean accepted = false;
                while (!accepted && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    try {
                        task.put(more);
                        accepted = true;
                    } catch (RetriableException stillBusy) {
                        // the worker would redeliver the same batch; so do we
                    }
                }
                assertTrue(accepted, "the redelivered batch is accepted once the imports finished");
                long committed = 0;
                while (committed < 25 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    task.put(List.of());
                    Map<TopicPartition, OffsetAndMetadata> c = task.preCommit(Map.of(tp, new OffsetAndMetadata(0)));
                    committed = c.containsKey(tp) ? c.get(tp).offset() : 0;
                }
                assertEquals(25, committed);
                assertEquals(25, emu.state().contactCount());
            } finally {
                task.stop();
            }
        }
    }

    @Test
    void tooManyActiveImportsMakesTheBatchWaitNotDrop() throws Exception {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty())
                .importProcessingDelay(Duration.ofSeconds(3)).build().start()) {
            Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "bp-tls"))
                    .resolve("truststore2.p12"), "changeit");
            Map<String, String> props = new HashMap<>();
            props.put("dotdigital.api.user", emu.apiUser());
            props.put("dotdigital.api.password", emu.apiPassword());
            props.put("dotdigital.api.endpoint", emu.baseUrl());
            props.put("http.truststore.path", trust.toAbsolutePath().toString());
            props.put("http.truststore.password", "changeit");
            props.put("import.batch.size", "5");
            props.put("import.poll.interval.ms", "200");
            // Another tool fills the account's 25 import slots.
            try (DotdigitalClient other = DotdigitalClients.create(
                    DotdigitalClientSettings.rest(emu.apiUser(), new Password(emu.apiPassword()), emu.baseUrl()),
                    HttpSettings.builder().trustStore(trust.toAbsolutePath().toString(), new Password("changeit"),
                            "PKCS12").build(), ResilienceSettings.defaults(), null)) {
                for (int i = 0; i < 25; i++) {
                    other.startImport(ContactImport.v3(null, MergeOption.OVERWRITE,
                            List.of(Contact.of("other" + i + "@other.example.com", Map.of()))));
                }
            }
            long importsBefore = emu.requests().count("PUT /contacts/v3/import");
            TopicPartition tp = new TopicPartition("contacts", 0);
            DotdigitalSinkTask task = new DotdigitalSinkTask();
            task.initialize(new WorkerSide(props, Set.of(tp)));
            task.start(props);
            try {
                task.put(records(100, 5));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                long committed = 0;
                while (committed < 105 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    task.put(List.of());
                    Map<TopicPartition, OffsetAndMetadata> c = task.preCommit(Map.of(tp, new OffsetAndMetadata(0)));
                    committed = c.containsKey(tp) ? c.get(tp).offset() : 0;
                }
                assertEquals(105, committed);
                assertTrue(emu.state().contactByEmail("bp104@bp.example.com").isPresent());
                long attempts = emu.requests().count("PUT /contacts/v3/import") - importsBefore;
                assertTrue(attempts >= 2, "the first start was refused with tooManyActiveImports and repeated: "
                        + attempts);
                assertTrue(attempts < 40, "refused starts are spaced by the poll interval, not hammered: " + attempts);
            } finally {
                task.stop();
            }
        }
    }

    private static List<SinkRecord> records(int from, int count) {
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(new SinkRecord("contacts", 0, null, "k" + i, null,
                    Map.of("emailaddress1", "bp" + i + "@bp.example.com", "firstname", "B" + i), i));
        }
        return out;
    }

    private static List<SinkRecord> largeRecords(int from, int count) {
        String notes = "n".repeat(20_000);
        List<SinkRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(new SinkRecord("contacts", 0, null, "k" + i, null,
                    Map.of("emailaddress1", "bp" + i + "@bp.example.com", "firstname", "B" + i, "notes", notes), i));
        }
        return out;
    }
}
