package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dynamics.source.offsets.Offsets;
import io.dynamicsdotdigital.dynamics.source.offsets.TableOffset;
import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The pieces of a parallel snapshot that need no server: range bounds, offsets, assignment, settings. */
class ParallelSnapshotPartsTest {

    @Test
    void rangesCoverEveryKeyExactlyOnce() {
        Random random = new Random(19);
        int ranges = 8;
        int[] perRange = new int[ranges];
        String[] lowers = new String[ranges + 1];
        for (int i = 1; i < ranges; i++) {
            lowers[i] = SnapshotRanges.bound(i, ranges);
        }
        for (int k = 0; k < 80_000; k++) {
            String key = new UUID(random.nextLong(), random.nextLong()).toString();
            int matched = 0;
            for (int i = 0; i < ranges; i++) {
                String lower = lowers[i];
                String upper = lowers[i + 1];
                if ((lower == null || key.compareTo(lower) >= 0) && (upper == null || key.compareTo(upper) < 0)) {
                    matched++;
                    perRange[i]++;
                }
            }
            assertEquals(1, matched, key);
        }
        for (int n : perRange) {
            assertTrue(n > 9_000 && n < 11_000, "uneven ranges for random keys: " + java.util.Arrays.toString(perRange));
        }
        assertEquals("contactid lt 40000000-0000-0000-0000-000000000000", SnapshotRanges.filter("contactid", 0, 4));
        assertEquals("contactid ge 40000000-0000-0000-0000-000000000000 and contactid lt"
                + " 80000000-0000-0000-0000-000000000000", SnapshotRanges.filter("contactid", 1, 4));
        assertEquals("contactid ge c0000000-0000-0000-0000-000000000000", SnapshotRanges.filter("contactid", 3, 4));
    }

    @Test
    void rangeOffsetsAndPartitionsRoundTrip() {
        TableOffset.Range r = new TableOffset.Range(4, Instant.parse("2026-01-02T03:04:05Z"),
                "https://org.example/api/data/v9.2/contacts?$skiptoken=x", false);
        assertEquals(r, Offsets.parse(r.toMap(), false, java.net.URI.create("https://org.example/api/data/v9.2/")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Offsets.parse(Map.of("phase", "range", "ranges", 4), false));
        assertTrue(e.getMessage().contains("done"), e.getMessage());
        Map<String, Object> partition = TablePartitions.ofRange("contact", 3);
        assertEquals("contact", TablePartitions.table(partition));
        assertEquals(3, TablePartitions.range(partition));
        assertEquals(TablePartitions.of("contact"), TablePartitions.ofRange("contact", 0));
        // Connect rebuilds partitions as default HashMaps: the same map, so the same serialized key.
        Map<String, Object> rebuilt = new HashMap<>();
        rebuilt.put("range", "3");
        rebuilt.put("protocol", "1");
        rebuilt.put("table", "contact");
        assertEquals(new ArrayList<>(partition.keySet()), new ArrayList<>(rebuilt.keySet()));
    }

    @Test
    void rangesOfOneTableGoToDifferentTasksAndTheRequestBudgetIsDivided() {
        Map<String, String> props = Map.of("name", "c");
        List<Map<String, String>> tasks = RangeAssignment.taskProps(props,
                List.of("contact", "contact:1", "contact:2", "contact:3", "lead"), 4);
        assertEquals(4, tasks.size());
        assertEquals("contact,lead", tasks.get(0).get(DynamicsSourceConnector.TASK_TABLES));
        assertEquals("contact:1", tasks.get(1).get(DynamicsSourceConnector.TASK_RANGES));
        assertEquals("contact:3", tasks.get(3).get(DynamicsSourceConnector.TASK_RANGES));
        RangeAssignment.divideRequests(tasks, 10);
        List<String> shares = tasks.stream().map(t -> t.get(DynamicsSourceConnector.TASK_MAX_CONCURRENT_REQUESTS))
                .toList();
        assertEquals(List.of("3", "3", "2", "2"), shares);
    }

    @Test
    void settingsAreCheckedAgainstTheOthers() {
        Map<String, String> props = new HashMap<>();
        props.put("dynamics.url", "https://org.crm.dynamics.com");
        props.put("dynamics.tenant.id", "t");
        props.put("dynamics.client.id", "c");
        props.put("dynamics.client.secret", "s");
        props.put("tables", "contact,list");
        props.put("snapshot.parallelism", "8");
        ConfigException tooMany = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props));
        assertTrue(tooMany.getMessage().contains("dynamics.max.concurrent.requests"), tooMany.getMessage());
        props.put("dynamics.max.concurrent.requests", "8");
        DynamicsSourceConfig config = new DynamicsSourceConfig(props);
        assertEquals(8, config.snapshotParallelism("contact"));
        assertEquals(1, config.snapshotParallelism("list"), "list is always read in one task");
        props.put("snapshot.parallel.tables", "list");
        ConfigException serial = assertThrows(ConfigException.class, () -> new DynamicsSourceConfig(props));
        assertTrue(serial.getMessage().contains("one task"), serial.getMessage());
    }
}
