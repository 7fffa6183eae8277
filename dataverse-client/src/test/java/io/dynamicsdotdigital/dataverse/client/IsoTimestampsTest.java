package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoTimestampsTest {
    @Test
    void agreesWithInstantParseOverFourCenturies() {
        Random random = new Random(42);
        long from = Instant.parse("1753-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2199-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
            assertEquals(t.toEpochMilli(), IsoTimestamps.parseMillis(t.toString()), t.toString());
        }
    }

    @Test
    void handlesFractionsOffsetsAndDates() {
        assertEquals(Instant.parse("2023-04-07T21:59:01.250Z").toEpochMilli(),
                IsoTimestamps.parseMillis("2023-04-07T21:59:01.250Z"));
        assertEquals(Instant.parse("2023-04-07T19:59:01Z").toEpochMilli(),
                IsoTimestamps.parseMillis("2023-04-07T21:59:01+02:00"));
        assertEquals(Instant.parse("2023-04-07T00:00:00Z").toEpochMilli(), IsoTimestamps.parseMillis("2023-04-07"));
        assertEquals(Instant.parse("2024-02-29T23:59:59Z").truncatedTo(ChronoUnit.SECONDS).toEpochMilli(),
                IsoTimestamps.parseMillis("2024-02-29T23:59:59Z"));
    }

    @Test
    void refusesGarbage() {
        assertThrows(IllegalArgumentException.class, () -> IsoTimestamps.parseMillis("2023-13-07T21:59:01Z"));
        assertThrows(IllegalArgumentException.class, () -> IsoTimestamps.parseMillis("not a time"));
    }
}
