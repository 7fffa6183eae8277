package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import io.dynamicsdotdigital.testsupport.DotdigitalEmulatorFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The call budget (issue 19 part 3) against the emulator, on a clock the test moves: the campaign catalogue and the
 * address-book list are read once per {@code catalogue.refresh.ms}, a campaign with new activity is still emitted
 * (with its new summary) and read within one cycle, and a full catalogue read after active-only cycles emits no
 * unchanged campaign again.
 */
class ApiBudgetTest {
    private DotdigitalEmulatorFixture fixture;
    private TestSupport.MutableClock clock;

    @BeforeEach
    void start() {
        fixture = new DotdigitalEmulatorFixture(DotdigitalSeed.defaults().contacts(60).addressBooks(3).campaigns(5)
                .activitiesPerCampaign(20).unsubscribes(0).suppressions(0).surveys(0).preferences(0).randomSeed(3));
        clock = new TestSupport.MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private DotdigitalSourceTask start(TaskHarness harness, String catalogueRefreshMs) {
        Map<String, String> props = EmulatorSourceProps.of(fixture,
                "campaigns,campaign-clicks,address-book-unsubscribes");
        props.put("catalogue.refresh.ms", catalogueRefreshMs);
        return harness.start(props, new DotdigitalSourceTask(null, clock));
    }

    private static int clicksOf(List<SourceRecord> campaigns, int campaignId) {
        return campaigns.stream().map(r -> (Struct) r.value()).filter(v -> v.getInt64("campaignId") == campaignId)
                .findFirst().orElseThrow().getStruct("summary").getInt32("numClicks");
    }

    private long calls(String endpoint) {
        return fixture.emulator.requests().count(endpoint);
    }

    private static List<SourceRecord> on(List<SourceRecord> records, String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void listsWithoutChangeDatesAreReadOncePerRefreshAndNewActivityIsStillReadWithinOneCycle() throws Exception {
        var state = fixture.emulator.state();
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = start(harness, "3600000");
        try {
            List<SourceRecord> first = harness.pollCycle(task, 200);
            assertEquals(5, on(first, "dotdigital.campaigns").size());
            assertEquals(1, calls("GET /v2/campaigns"));
            assertEquals(1, calls("GET /v2/address-books"));

            // new activity on one campaign and an unsubscribe from one book, a minute later
            clock.advance(Duration.ofMinutes(1));
            int campaign = state.campaigns().get(1).id();
            state.addClick(campaign, DotdigitalSeed.email(3), "https://shop.example/new", clock.instant());
            int book = state.addressBooks().get(2).id();
            state.unsubscribeFromAddressBook(book, DotdigitalSeed.email(2), clock.instant());
            List<SourceRecord> second = harness.pollCycle(task, 200);
            assertEquals(1, calls("GET /v2/campaigns"), "no catalogue read between refreshes");
            assertEquals(1, calls("GET /v2/address-books"), "no address-book listing between refreshes");
            List<SourceRecord> campaigns = on(second, "dotdigital.campaigns");
            assertEquals(1, campaigns.size(), "only the campaign with new activity: " + campaigns);
            assertEquals((long) campaign, ((Struct) campaigns.get(0).value()).getInt64("campaignId"));
            assertEquals(clicksOf(on(first, "dotdigital.campaigns"), campaign) + 1, clicksOf(campaigns, campaign));
            assertEquals(1, on(second, "dotdigital.campaign-clicks").size(), "the click is read in the same cycle");
            assertEquals(1, on(second, "dotdigital.address-book-unsubscribes").size());

            // past the refresh: both lists are read again, and no unchanged campaign is emitted twice
            clock.advance(Duration.ofHours(2));
            List<SourceRecord> third = harness.pollCycle(task, 200);
            assertEquals(2, calls("GET /v2/campaigns"));
            assertEquals(2, calls("GET /v2/address-books"));
            assertEquals(List.of(), on(third, "dotdigital.campaigns"), "the catalogue's keys survived the"
                    + " active-only reads");
        } finally {
            task.stop();
        }
    }

    @Test
    void aRefreshOfZeroReadsBothListsEveryCycleAsBefore() throws Exception {
        TaskHarness harness = new TaskHarness();
        DotdigitalSourceTask task = start(harness, "0");
        try {
            harness.pollCycle(task, 200);
            clock.advance(Duration.ofMinutes(1));
            harness.pollCycle(task, 200);
            assertEquals(2, calls("GET /v2/campaigns"));
            assertEquals(2, calls("GET /v2/address-books"));
        } finally {
            task.stop();
        }
    }
}
