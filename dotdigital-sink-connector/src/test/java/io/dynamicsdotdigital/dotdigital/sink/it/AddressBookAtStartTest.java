package io.dynamicsdotdigital.dotdigital.sink.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dotdigital.sink.support.WorkerSide;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Found by the fault matrix (issue 14 part 3): Dotdigital throttling or unavailable while the task starts and looks
 * up its configured address book no longer fails the task in start(); the records wait the outage out.
 */
class AddressBookAtStartTest {
    @Test
    void anAddressBookLookupThatFailsTransientlyAtStartIsDoneAgainForTheFirstRecord() throws Exception {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty())
                .build().start()) {
            Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "ab-tls"))
                    .resolve("truststore.p12"), "changeit");
            Map<String, String> props = new HashMap<>();
            props.put("dotdigital.api.user", emu.apiUser());
            props.put("dotdigital.api.password", emu.apiPassword());
            props.put("dotdigital.api.endpoint", emu.baseUrl());
            props.put("http.truststore.path", trust.toAbsolutePath().toString());
            props.put("http.truststore.password", "changeit");
            props.put("topics", "contacts");
            props.put("addressbook.name", "Started during an outage");
            props.put("retry.backoff.initial.ms", "10");
            props.put("retry.backoff.max.ms", "50");
            WorkerSide worker = new WorkerSide(props, Set.of(new TopicPartition("contacts", 0)));
            DotdigitalSinkTask task = new DotdigitalSinkTask();
            task.initialize(worker);
            emu.faults().add(Fault.status(503).onPath("^/v2/address-books$").onMethod("GET"), 6);
            task.start(props);
            try {
                SinkRecord contact = new SinkRecord("contacts", 0, null, "c1", null,
                        "{\"contactid\":\"c1\",\"emailaddress1\":\"outage@example.com\"}", 0);
                RetriableException e = assertThrows(RetriableException.class, () -> task.put(List.of(contact)));
                assertTrue(e.getMessage().contains("503"), e.getMessage());
                assertTrue(worker.lastTimeoutMs() > 0, "the worker redelivers after a backoff");
                assertEquals(0, emu.faults().pending());
                task.put(List.of(contact));
                assertTrue(emu.state().addressBookByName("Started during an outage").isPresent(),
                        "looked up (and created) once Dotdigital answered");
            } finally {
                task.stop();
            }
        }
    }
}
