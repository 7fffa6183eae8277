package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real task against the emulator, without a worker: record shapes, dedup, resume. */
class TaskAgainstEmulatorIT {
    private static DotdigitalEmulatorFixture fixture;

    @BeforeAll
    static void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalSeed.defaults().campaigns(2).activitiesPerCampaign(500)
                .unsubscribes(12).suppressions(6).surveys(1).responsesPerSurvey(5).preferences(2).randomSeed(11));
        var state = fixture.emulator.state();
        int book = state.addressBooks().get(0).id();
        state.unsubscribeFromAddressBook(book, DotdigitalSeed.email(0), Instant.now().minusSeconds(3600));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void everyStreamProducesTypedRecordsAndASecondCycleAddsNothing() throws Exception {
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = harness.start(EmulatorSourceProps.of(fixture, String.join(",",
                StreamName.allConfigNames())));
        try {
            List<SourceRecord> first = harness.pollCycle(task, 500);
            Map<String, Long> perTopic = first.stream().collect(Collectors.groupingBy(SourceRecord::topic,
                    Collectors.counting()));
            System.out.println("first cycle per topic: " + perTopic);
            assertEquals(2 * 500L, perTopic.get("dotdigital.campaign-activities"));
            assertEquals(2L, perTopic.get("dotdigital.campaigns"));
            for (String stream : StreamName.allConfigNames()) {
                assertTrue(perTopic.getOrDefault("dotdigital." + stream, 0L) > 0, "records on " + stream);
            }
            assertEquals(5L, perTopic.get("dotdigital.survey-responses"));

            SourceRecord campaign = first.stream().filter(r -> r.topic().equals("dotdigital.campaigns")).findFirst()
                    .orElseThrow();
            Struct summary = ((Struct) campaign.value()).getStruct("summary");
            assertEquals(500, summary.getInt32("numSent"));
            assertTrue(summary.get("revenue") instanceof BigDecimal);
            assertEquals("campaigns", new String(campaign.headers().lastWithName("dotdigital.stream").value()
                    .toString()));

            Set<Object> activityKeys = new HashSet<>();
            first.stream().filter(r -> r.topic().equals("dotdigital.campaign-activities"))
                    .forEach(r -> activityKeys.add(r.key()));
            assertEquals(1000, activityKeys.size(), "activity keys are unique (campaign id + contact id)");

            List<SourceRecord> second = harness.pollCycle(task, 500);
            assertEquals(List.of(), second.stream().map(SourceRecord::topic).toList(),
                    "a re-read of the overlap window emits nothing");
            assertTrue(task.metrics().total("duplicates-suppressed-total") > 0);
        } finally {
            task.stop();
        }
    }

    @Test
    void newActivityYieldsOnlyNewRowsAndAFreshTaskResumesFromOffsets() throws Exception {
        TaskHarness harness = new TaskHarness();
        Map<String, String> props = EmulatorSourceProps.of(fixture, "campaign-clicks,unsubscribes");
        DotdigitalSourceTask task = harness.start(props);
        int campaignId;
        try {
            List<SourceRecord> first = harness.pollCycle(task, 500);
            assertTrue(first.size() > 0);
            campaignId = Integer.parseInt(new String(first.stream().filter(r -> r.topic().endsWith("clicks"))
                    .findFirst().orElseThrow().headers().lastWithName("dotdigital.campaign.id").value().toString()));
        } finally {
            task.stop();
        }
        Instant now = Instant.now();
        fixture.emulator.state().addClick(campaignId, DotdigitalSeed.email(3), "https://shop.example/new", now);
        fixture.emulator.state().unsubscribe(DotdigitalSeed.email(4), now);

        DotdigitalSourceTask resumed = harness.start(props);
        try {
            List<SourceRecord> next = harness.pollCycle(resumed, 500);
            assertEquals(2, next.size(), () -> "only the new click and unsubscribe: " + next);
            SourceRecord click = next.stream().filter(r -> r.topic().endsWith("clicks")).findFirst().orElseThrow();
            assertEquals("https://shop.example/new", ((Struct) click.value()).getString("url"));
        } finally {
            resumed.stop();
        }
    }
}
