package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 13 item 6: imports of the same email apply in record order, also when an older one fails and is retried. */
class ImportOrderTest {
    @Test
    void anOlderImportThatFailsAndIsRetriedNeverOverwritesANewerOne() throws Exception {
        try (TaskHarness h = new TaskHarness()) {
            h.start(false);
            h.client.holdImports(true);
            h.client.nextImportStatuses("Failed");
            h.put(h.record("contacts", "1", Map.of("emailaddress1", "a@x.com", "firstname", "Old")));
            TaskHarness.await(() -> h.client.count("startImport") == 1, "the first import started");
            h.put(h.record("contacts", "1", Map.of("emailaddress1", "a@x.com", "firstname", "New")));
            Thread.sleep(300);
            h.client.holdImports(false);
            h.awaitCommitted(2);
            assertEquals("New", h.client.stored("a@x.com").orElseThrow().dataFields().get("FIRSTNAME"),
                    "the newer record's value wins; imports: " + h.client.calls());
        }
    }

    @Test
    void importsOfOtherEmailsDoNotWaitForAFailingOne() {
        try (TaskHarness h = new TaskHarness()) {
            h.start(false);
            h.client.holdImports(true);
            h.put(h.contact("1", "a@x.com", "A"));
            TaskHarness.await(() -> h.client.count("startImport") == 1, "the first import started");
            h.put(h.contact("2", "b@x.com", "B"));
            TaskHarness.await(() -> h.client.count("startImport") == 2, "the import of another email started too");
            h.client.holdImports(false);
            h.awaitCommitted(2);
        }
    }
}
