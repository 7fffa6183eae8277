package io.dynamicsdotdigital.dotdigital.source.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CampaignRowMappersTest {
    private static final Instant SENT = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant OPENED = Instant.parse("2026-11-01T09:00:00Z");

    private static CampaignActivity activity(int opens, Instant lastOpened) {
        return new CampaignActivity(5, "a@example.com", opens, 0, 0, 0, 0, 0, SENT, OPENED, lastOpened, null, false,
                false, false);
    }

    @Test
    void aSendSummaryIsKeyedByCampaignAndContactAndNewCountsAreANewVersion() {
        StreamRow first = CampaignRowMappers.activity(42, activity(1, OPENED));
        StreamRow later = CampaignRowMappers.activity(42, activity(2, OPENED.plusSeconds(60)));
        assertEquals(first.key(), later.key());
        assertEquals(42L, first.key().getInt64("campaignId"));
        assertNotEquals(first.identity(), later.identity());
        assertEquals(OPENED.plusSeconds(60), later.time(), "the newest of the summary's dates");
    }

    @Test
    void aClickKeepsItsTimeAndIsIdentifiedByContactUrlAndTime() {
        CampaignClick click = new CampaignClick(5, "a@example.com", "https://shop.example", "10.0.0.1", "ua", OPENED,
                "kw");
        StreamRow row = CampaignRowMappers.click(42, click);
        assertEquals(Date.from(OPENED), row.value().get("dateClicked"));
        assertEquals(OPENED, row.time());
        assertEquals(row.identity(), CampaignRowMappers.click(42, click).identity());
    }

    @Test
    void aCatalogueEntryWithoutActivityCarriesNoSummary() {
        Campaign c = new Campaign(7, "Sale", "50% off", "Shop", "shop@example.com", "Sent");
        StreamRow row = CampaignRowMappers.campaign(c, null, null);
        assertNull(row.value().get("summary"));
        assertEquals(CampaignRowMappers.catalogueIdentity(c), row.identity());
    }
}
