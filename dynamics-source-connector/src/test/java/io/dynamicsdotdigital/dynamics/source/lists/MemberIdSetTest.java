package io.dynamicsdotdigital.dynamics.source.lists;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemberIdSetTest {
    @Test
    void holdsEachIdOnceSurvivesItsDurableFormAndFindsIdsInAnyCase() {
        MemberIdSet.Builder b = new MemberIdSet.Builder();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            b.add(id);
        }
        String first = ids.iterator().next();
        b.add(first.toUpperCase());
        // ids with the high bit set sort unsigned, so binary search still finds them
        b.add("ffffffff-ffff-ffff-ffff-ffffffffffff");
        ids.add("ffffffff-ffff-ffff-ffff-ffffffffffff");
        MemberIdSet set = MemberIdSet.decode(b.build().encode());
        assertEquals(ids.size(), set.size());
        List<String> back = new ArrayList<>();
        set.forEach(back::add);
        assertEquals(ids, new HashSet<>(back));
        assertTrue(set.contains(first));
        assertTrue(set.contains("ffffffff-ffff-ffff-ffff-ffffffffffff"));
        assertFalse(set.contains(UUID.randomUUID().toString()));
        assertEquals(0, MemberIdSet.decode("").size());
    }

    @Test
    void refusesWhatIsNotAGuidNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MemberIdSet.Builder().add("not-a-guid"));
        assertTrue(e.getMessage().contains("not-a-guid"));
    }
}
