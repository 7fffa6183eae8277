package io.dynamicsdotdigital.dotdigital.sink.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkTask;
import io.dynamicsdotdigital.dotdigital.sink.support.WorkerSide;
import io.dynamicsdotdigital.emulator.common.Fault;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 8: an address-book call on put()'s thread that Dotdigital throttles with a long Retry-After does not
 * sleep there (the consumer would be evicted): put() asks the worker to redeliver later instead.
 */
class PutThreadWaitTest {
    @Test
    void aLongRetryAfterOnAnAddressBookLookupBecomesARedeliveryNotASleep() throws Exception {
        try (DotdigitalEmulator emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty())
                .build().start()) {
            Path trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "pt-tls"))
                    .resolve("truststore.p12"), "changeit");
            Map<String, String> props = new HashMap<>();
            props.put("dotdigital.api.user", emu.apiUser());
            props.put("dotdigital.api.password", emu.apiPassword());
            props.put("dotdigital.api.endpoint", emu.baseUrl());
            props.put("http.truststore.path", trust.toAbsolutePath().toString());
            props.put("http.truststore.password", "changeit");
            props.put("listmember.topic", "members");
            TopicPartition tp = new TopicPartition("members", 0);
            WorkerSide worker = new WorkerSide(props, Set.of(tp));
            DotdigitalSinkTask task = new DotdigitalSinkTask();
            task.initialize(worker);
            task.start(props);
            try {
                emu.faults().add(Fault.tooManyRequests(600).onPath("/v2/address-books").onMethod("GET"), 1000);
                SinkRecord member = new SinkRecord("members", 0, null, "m1", null, Map.of("_listid_value", "l1",
                        "_entityid_value", "c1", "emailaddress1", "m1@x.com"), 0);
                long start = System.nanoTime();
                RetriableException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                        () -> assertThrows(RetriableException.class, () -> task.put(List.of(member))));
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                assertTrue(seconds <= 10, "put() held the thread " + seconds + " s");
                assertTrue(e.getMessage().contains("429"), e.getMessage());
                assertTrue(worker.lastTimeoutMs() > 0, "the worker is asked to redeliver later");
                emu.faults().clear();
                task.put(List.of(member));
            } finally {
                task.stop();
            }
        }
    }
}
