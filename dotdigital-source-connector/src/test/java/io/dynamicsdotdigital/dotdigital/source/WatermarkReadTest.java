package io.dynamicsdotdigital.dotdigital.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkReadTest {
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final Duration OVERLAP = Duration.ofMinutes(10);

    @Test
    void firstReadStartsAtStartDateAndWatermarkMovesToNewestRow() {
        WatermarkRead read = new WatermarkRead(null, OVERLAP, START);
        assertEquals(START, read.since());
        assertTrue(read.accept("a", START.plusSeconds(60)));
        assertTrue(read.accept("b", START.plusSeconds(3600)));
        read.pageDone(2);
        StreamOffset done = read.completedOffset(null);
        assertEquals(START.plusSeconds(3600), done.watermark());
        assertNull(done.progress());
        // only b is inside the overlap window of the new watermark
        assertEquals(1, done.keys().size());
        assertTrue(done.keys().containsKey(RowKeys.hash("b")));
    }

    @Test
    void reReadOfOverlapWindowSuppressesKnownRowsButEmitsNewOnes() {
        WatermarkRead first = new WatermarkRead(null, OVERLAP, START);
        first.accept("a", START.plusSeconds(3000));
        first.accept("b", START.plusSeconds(3600));
        StreamOffset after = StreamOffset.fromMap(first.completedOffset(null).toMap());

        WatermarkRead second = new WatermarkRead(after, OVERLAP, START);
        assertEquals(START.plusSeconds(3600).minus(OVERLAP), second.since());
        assertFalse(second.accept("a", START.plusSeconds(3000)));
        assertFalse(second.accept("b", START.plusSeconds(3600)));
        assertTrue(second.accept("c", START.plusSeconds(3500)));
        assertFalse(second.accept("c", START.plusSeconds(3500)), "same row twice within one read");
        assertEquals(3, second.duplicates());
        assertEquals(1, second.emitted());
    }

    @Test
    void watermarkNeverMovesBackAndRowsWithHiddenTimeAreKept() {
        StreamOffset stored = new StreamOffset(START.plusSeconds(7200), java.util.Map.of(), null);
        WatermarkRead read = new WatermarkRead(stored, OVERLAP, START);
        // visible time before the since date: the API returned it because of activity it does not show
        assertTrue(read.accept("summary-1", START));
        StreamOffset done = read.completedOffset(null);
        assertEquals(START.plusSeconds(7200), done.watermark());
        assertTrue(done.keys().containsKey(RowKeys.hash("summary-1")));
        WatermarkRead next = new WatermarkRead(done, OVERLAP, START);
        assertFalse(next.accept("summary-1", START));
    }

    @Test
    void interruptedReadResumesAtItsPageWithItsKeys() {
        WatermarkRead read = new WatermarkRead(null, OVERLAP, START);
        read.accept("a", START.plusSeconds(100));
        read.accept("b", START.plusSeconds(200));
        read.pageDone(2);
        StreamOffset progress = StreamOffset.fromMap(read.progressOffset().toMap());
        assertNotNull(progress.progress());
        assertEquals(2, progress.progress().skip());

        WatermarkRead resumed = new WatermarkRead(progress, OVERLAP, START);
        assertEquals(START, resumed.since());
        assertEquals(2, resumed.skip());
        assertFalse(resumed.accept("b", START.plusSeconds(200)), "emitted before the restart");
        assertTrue(resumed.accept("c", START.plusSeconds(300)));
        StreamOffset done = resumed.completedOffset(null);
        assertEquals(START.plusSeconds(300), done.watermark());
    }

    @Test
    void timelessRowsUseTheClockWatermarkAndAreKeptForTheNextRead() {
        WatermarkRead read = new WatermarkRead(null, OVERLAP, START);
        assertTrue(read.accept("contact-1|v1", null));
        StreamOffset done = read.completedOffset(START.plusSeconds(86400));
        assertEquals(START.plusSeconds(86400), done.watermark());
        WatermarkRead next = new WatermarkRead(done, OVERLAP, START);
        assertFalse(next.accept("contact-1|v1", null));
        assertTrue(next.accept("contact-1|v2", null));
        // a key not returned again and without a time is dropped after that read
        StreamOffset after = next.completedOffset(START.plusSeconds(90000));
        assertEquals(2, after.keys().size());
    }

    @Test
    void rowsSelectedByAHiddenTimeStayKnownWhileReadsReturnThem() {
        WatermarkRead first = new WatermarkRead(null, OVERLAP, START);
        // an old visible time, far before the new watermark's overlap window
        assertTrue(first.accept("summary-old|v1", START.plusSeconds(10), true));
        assertTrue(first.accept("summary-new|v1", START.plusSeconds(7200), true));
        StreamOffset done = first.completedOffset(null);
        assertEquals(START.plusSeconds(7200), done.watermark(), "visible times still move the watermark");
        WatermarkRead second = new WatermarkRead(StreamOffset.fromMap(done.toMap()), OVERLAP, START);
        assertFalse(second.accept("summary-old|v1", START.plusSeconds(10), true),
                "returned again because of a later click it does not show: still a duplicate");
        assertTrue(second.accept("summary-old|v2", START.plusSeconds(10), true), "changed counts: a new version");
        StreamOffset after = second.completedOffset(null);
        assertTrue(after.keys().containsKey(RowKeys.hash("summary-old|v2")));
        assertTrue(after.keys().containsKey(RowKeys.hash("summary-old|v1")));
        assertFalse(after.keys().containsKey(RowKeys.hash("summary-new|v1")),
                "not returned by the latest read, so the next (later) read cannot return it unchanged");
    }

    @Test
    void offsetsOfLargeSendSummaryReadsStayBoundedAndLoseNoRow() {
        int maxKeys = 100;
        WatermarkRead first = new WatermarkRead(null, OVERLAP, START, maxKeys);
        for (int i = 0; i < 250; i++) {
            // Send summaries: selected by an activity time they do not show, so every key is kept while returned.
            assertTrue(first.accept("summary " + i, START.plusSeconds(i), true));
            if (i == 150) {
                StreamOffset progress = StreamOffset.fromMap(first.progressOffset().toMap());
                assertEquals(maxKeys, progress.progress().readKeys().size(), "in-progress keys are capped too");
            }
        }
        StreamOffset done = StreamOffset.fromMap(first.completedOffset(null).toMap());
        assertEquals(maxKeys, done.keys().size());
        assertEquals(150, first.keysDropped());
        assertTrue(done.toMap().get(StreamOffset.KEYS).toString().length() < maxKeys * 23,
                "about 22 characters per key");

        // The next read returns every summary again: the ones seen last are recognised, the others emitted again.
        WatermarkRead second = new WatermarkRead(done, OVERLAP, START, maxKeys);
        int emittedAgain = 0;
        for (int i = 0; i < 250; i++) {
            if (second.accept("summary " + i, START.plusSeconds(i), true)) {
                emittedAgain++;
                assertTrue(i < 150, "summary " + i + " was among the last seen, so it is known");
            }
        }
        assertEquals(150, emittedAgain, "dropped keys only cause duplicates");
    }
}
