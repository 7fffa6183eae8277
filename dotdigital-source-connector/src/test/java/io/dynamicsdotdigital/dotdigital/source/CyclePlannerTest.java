package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CyclePlannerTest {
    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-10T00:00:00Z"));
    private final InMemoryDotdigitalClient client = new InMemoryDotdigitalClient().withCampaigns(10, 1);

    private CyclePlanner planner(String streams, TaskAssignment assignment) {
        DotdigitalSourceConfig config = TestSupport.config(TestSupport.props(streams));
        return new CyclePlanner(client, config, assignment, new PartitionOffsets(() -> null), clock,
                config.startDate(clock));
    }

    @Test
    void campaignReadsAreOnlyForTheCampaignsOfTheTasksShard() {
        TaskAssignment shard = new TaskAssignment(List.of(StreamName.CAMPAIGN_ACTIVITIES), 1, 3);
        List<ReadJob> jobs = planner("campaign-activities", shard).plan();
        List<Long> expected = java.util.stream.LongStream.rangeClosed(1, 10).filter(shard::ownsCampaign).boxed()
                .toList();
        assertEquals(expected, jobs.stream().map(j -> j.campaignId).toList());
        assertTrue(jobs.stream().allMatch(j -> j.stream == StreamName.CAMPAIGN_ACTIVITIES));
    }

    @Test
    void laterDiscoveriesAskFromTheLastOneMinusTheOverlap() {
        CyclePlanner planner = planner("campaign-clicks,survey-responses",
                new TaskAssignment(List.of(StreamName.CAMPAIGN_CLICKS, StreamName.SURVEY_RESPONSES), 0, 1));
        planner.plan();
        Instant first = clock.instant();
        clock.advance(Duration.ofHours(1));
        client.calls.clear();
        planner.plan();
        String since = first.minus(Duration.ofMinutes(10)).toString();
        assertTrue(client.calls.contains("campaignsWithActivitySince " + since), client.calls.toString());
        assertTrue(client.calls.contains("surveysWithActivitySince " + since), client.calls.toString());
    }

    @Test
    void aFailedPlanDoesNotMoveTheSurveyDiscoveryOn() {
        CyclePlanner planner = planner("campaign-clicks,survey-responses",
                new TaskAssignment(List.of(StreamName.CAMPAIGN_CLICKS, StreamName.SURVEY_RESPONSES), 0, 1));
        planner.plan();
        Instant lastGoodPlan = clock.instant();
        clock.advance(Duration.ofHours(1));
        client.failNext.put("campaignsWithActivitySince", new IllegalStateException("discovery failed"));
        assertThrows(IllegalStateException.class, planner::plan, "the survey discovery ran, the campaign one failed");
        clock.advance(Duration.ofMinutes(1));
        client.calls.clear();
        planner.plan();
        String since = lastGoodPlan.minus(Duration.ofMinutes(10)).toString();
        assertTrue(client.calls.contains("surveysWithActivitySince " + since),
                "surveys active while the plan failed are still found: " + client.calls);
    }

    @Test
    void campaignStreamsPlannedApartEachAskFromTheirOwnLastDiscovery() {
        List<StreamName> both = List.of(StreamName.CAMPAIGN_CLICKS, StreamName.CAMPAIGN_OPENS);
        CyclePlanner planner = planner("campaign-clicks,campaign-opens", new TaskAssignment(both, 0, 1));
        planner.plan();
        Instant first = clock.instant();
        clock.advance(Duration.ofHours(1));
        planner.plan(List.of(StreamName.CAMPAIGN_CLICKS));
        clock.advance(Duration.ofHours(1));
        client.calls.clear();
        planner.plan(List.of(StreamName.CAMPAIGN_OPENS));
        assertTrue(client.calls.contains("campaignsWithActivitySince " + first.minus(Duration.ofMinutes(10))),
                "opens were last planned at the first plan; campaigns active since then are found: " + client.calls);
    }

    @Test
    void accountStreamsGetOneReadEach() {
        List<ReadJob> jobs = planner("unsubscribes,suppressions",
                new TaskAssignment(List.of(StreamName.UNSUBSCRIBES, StreamName.SUPPRESSIONS), 0, 1)).plan();
        assertEquals(List.of(Map.of("stream", "unsubscribes", "protocol", "1"),
                Map.of("stream", "suppressions", "protocol", "1")), jobs.stream().map(j -> j.partition).toList());
    }
}
