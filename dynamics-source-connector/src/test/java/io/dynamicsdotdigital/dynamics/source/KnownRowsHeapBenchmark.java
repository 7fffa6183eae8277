package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Heap of the row ids a watermark table with delete scans keeps: 1,000,000 ids, in the compact {@link RowIdSet} and,
 * for comparison, in the HashMap of Strings used before. Run with
 * {@code mvn -pl dynamics-source-connector -am verify -Dtest=KnownRowsHeapBenchmark -Dbenchmark.excluded=none}.
 */
@Tag("benchmark")
class KnownRowsHeapBenchmark {
    static final int ROWS = 1_000_000;

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void bytesPerKeyForAMillionRowIds() {
        Random random = new Random(11);
        long before = usedHeap();
        RowIdSet ids = new RowIdSet();
        for (int i = 0; i < ROWS; i++) {
            ids.put(new UUID(random.nextLong(), random.nextLong()).toString(), null);
        }
        long compact = usedHeap() - before;
        assertEquals(ROWS, ids.size());

        random = new Random(11);
        before = usedHeap();
        Map<String, Struct> map = new HashMap<>();
        for (int i = 0; i < ROWS; i++) {
            map.put(new UUID(random.nextLong(), random.nextLong()).toString(), null);
        }
        long strings = usedHeap() - before;
        assertEquals(ROWS, map.size());

        double perKey = compact / (double) ROWS;
        System.out.printf("1,000,000 row ids: RowIdSet %.1f bytes/key (%d MB), HashMap<String,Struct> %.1f bytes/key"
                + " (%d MB)%n", perKey, compact >> 20, strings / (double) ROWS, strings >> 20);
        assertTrue(perKey < 48, "RowIdSet took " + perKey + " bytes per key");
        assertTrue(ids.size() > 0 && map.size() > 0);
    }
}
