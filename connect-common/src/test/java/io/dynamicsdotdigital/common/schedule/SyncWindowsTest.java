package io.dynamicsdotdigital.common.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncWindowsTest {
    private static Instant at(String utc) {
        return Clock.fixed(Instant.parse(utc), ZoneOffset.UTC).instant();
    }

    @Test
    void aWindowAcrossMidnightBelongsToTheDayItStartsOn() {
        SyncWindows w = SyncWindows.parse("contact=Mon-Fri 22:00-06:00", ZoneOffset.UTC);
        // 2024-05-03 is a Friday.
        assertTrue(w.isOpen("contact", at("2024-05-03T22:00:00Z")));
        assertTrue(w.isOpen("contact", at("2024-05-04T05:59:59Z")), "Friday's window runs into Saturday morning");
        assertFalse(w.isOpen("contact", at("2024-05-04T06:00:00Z")), "the end is exclusive");
        assertFalse(w.isOpen("contact", at("2024-05-04T22:30:00Z")), "no window starts on Saturday");
        assertFalse(w.isOpen("contact", at("2024-05-06T05:00:00Z")), "Monday early morning: Sunday had no window");
        assertFalse(w.isOpen("contact", at("2024-05-03T12:00:00Z")));
        assertTrue(w.isOpen("lead", at("2024-05-03T12:00:00Z")), "a flow without an entry is always open");
    }

    @Test
    void dayRangesWrapPastSundayAndSeveralWindowsAddUp() {
        SyncWindows w = SyncWindows.parse("lead=Fri-Mon; contact = Sat 08:00-10:00, Wed", ZoneOffset.UTC);
        assertTrue(w.isOpen("lead", at("2024-05-05T12:00:00Z")), "Sunday");
        assertTrue(w.isOpen("lead", at("2024-05-06T23:59:00Z")), "Monday");
        assertFalse(w.isOpen("lead", at("2024-05-07T00:00:00Z")), "Tuesday");
        assertTrue(w.isOpen("contact", at("2024-05-04T09:00:00Z")));
        assertFalse(w.isOpen("contact", at("2024-05-04T10:00:00Z")));
        assertTrue(w.isOpen("contact", at("2024-05-08T15:00:00Z")), "all of Wednesday");
        assertTrue(SyncWindows.parse("x=*", ZoneOffset.UTC).isOpen("x", at("2024-05-08T15:00:00Z")));
        assertTrue(SyncWindows.parse("x=09:00-17:00", ZoneOffset.UTC).isOpen("x", at("2024-05-05T09:00:00Z")),
                "hours without days apply every day");
    }

    @Test
    void windowsFollowTheZonesDaylightSavingTime() {
        SyncWindows w = SyncWindows.parse("contact=22:00-06:00", ZoneId.of("Europe/Berlin"));
        // 04:30 UTC is 05:30 in Berlin in winter (CET) but 06:30 in summer (CEST).
        assertTrue(w.isOpen("contact", at("2024-03-30T04:30:00Z")));
        assertFalse(w.isOpen("contact", at("2024-03-31T04:30:00Z")), "the night clocks went forward");
        assertEquals(at("2024-03-31T20:00:00Z"), w.nextOpening("contact", at("2024-03-31T04:30:00Z")),
                "22:00 CEST");
        assertEquals(at("2024-03-30T21:00:00Z"), w.nextOpening("contact", at("2024-03-30T12:00:00Z")),
                "22:00 CET");
    }

    @Test
    void theNextOpeningIsNowWhenOpenAndTheNextStartOtherwise() {
        SyncWindows w = SyncWindows.parse("contact=Mon-Fri 22:00-06:00", ZoneOffset.UTC);
        Instant friNight = at("2024-05-03T23:00:00Z");
        assertEquals(friNight, w.nextOpening("contact", friNight));
        assertEquals(at("2024-05-06T22:00:00Z"), w.nextOpening("contact", at("2024-05-04T07:00:00Z")),
                "Saturday morning waits for Monday night");
        assertEquals(at("2024-05-11T00:00:00Z"), SyncWindows.parse("x=Sat", ZoneOffset.UTC)
                .nextOpening("x", at("2024-05-06T10:00:00Z")));
    }

    @Test
    void malformedSpecsAreRejectedNamingTheEntry() {
        for (String bad : List.of("contact", "contact=Mon-Fry", "contact=25:00-06:00", "contact=22:00-22:00",
                "contact=Mon 22-06", "=Mon", "contact=", "contact=Mon;contact=Tue")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SyncWindows.parse(bad, ZoneOffset.UTC), bad);
            assertTrue(e.getMessage().contains("entry '"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyncWindows.parse("lead=*;contact=Mon-Fry 22:00-06:00", ZoneOffset.UTC));
        assertTrue(e.getMessage().startsWith("entry 'contact=Mon-Fry 22:00-06:00': 'Fry'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SyncWindows.zone("Mars/Olympus"));
        assertEquals(ZoneId.of("Europe/London"), SyncWindows.zone(" Europe/London "));
    }
}
