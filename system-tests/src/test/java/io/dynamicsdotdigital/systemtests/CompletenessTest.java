package io.dynamicsdotdigital.systemtests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The failover verdicts fail on one missing, one duplicated or one unexpected item (so those tests can fail). */
class CompletenessTest {

    @Test
    void exactlyOnceDetectsAGapADuplicateAndPassesACompleteTopic() {
        CommittedTopic.Contents complete = new CommittedTopic.Contents(List.of("a", "b", "c"), List.of("", "", ""));
        CommittedTopic.Contents gap = new CommittedTopic.Contents(List.of("a", "b"), List.of("", ""));
        CommittedTopic.Contents duplicate = new CommittedTopic.Contents(List.of("a", "b", "c", "b"),
                List.of("", "", "", ""));
        assertTrue(Completeness.assertExactlyOnce("t", 3, complete).contains("duplicates 0, missing 0"));
        assertTrue(assertThrows(AssertionError.class, () -> Completeness.assertExactlyOnce("t", 3, gap))
                .getMessage().contains("missing 1"));
        assertTrue(assertThrows(AssertionError.class, () -> Completeness.assertExactlyOnce("t", 3, duplicate))
                .getMessage().contains("duplicates 1"));
    }

    @Test
    void appliedOnceDetectsAMissingADuplicateAndAnUnexpectedItem() {
        Set<String> expected = Set.of("a", "b", "c");
        assertTrue(Completeness.assertAppliedOnce("s", expected, List.of("c", "a", "b")).contains("missing 0"));
        assertTrue(assertThrows(AssertionError.class,
                () -> Completeness.assertAppliedOnce("s", expected, List.of("a", "b"))).getMessage()
                .contains("missing 1"));
        assertTrue(assertThrows(AssertionError.class,
                () -> Completeness.assertAppliedOnce("s", expected, List.of("a", "b", "c", "c"))).getMessage()
                .contains("duplicates 1"));
        assertTrue(assertThrows(AssertionError.class,
                () -> Completeness.assertAppliedOnce("s", expected, List.of("a", "b", "c", "d"))).getMessage()
                .contains("unexpected 1"));
    }
}
