package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.source.mapping.CampaignRowMappers;
import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code campaigns} stream's read. Campaigns with activity since the read's since date come from
 * {@code campaigns/with-activity-since} (which answers the catalogue fields too) and get their summary fetched. The
 * whole catalogue ({@code GET /v2/campaigns}, which carries no dates to ask for changes) is read only once every
 * {@code catalogue.refresh.ms}: in the cycles between, the read emits the active campaigns alone and keeps the
 * offset's keys of the others, so the next full read does not emit unchanged campaigns again.
 */
final class CampaignCatalogue {
    private final DotdigitalClient client;
    private final Duration refresh;
    private Instant lastFullRead;

    CampaignCatalogue(DotdigitalClient client, Duration refresh) {
        this.client = client;
        this.refresh = refresh;
    }

    ReadJob job(Instant now) {
        boolean full = lastFullRead == null || refresh.isZero() || !now.isBefore(lastFullRead.plus(refresh));
        AtomicReference<List<Campaign>> active = new AtomicReference<>();
        ReadJob job = new ReadJob(StreamName.CAMPAIGNS, null, null, (since, select, skip) -> {
            if (active.get() == null) {
                active.set(CyclePlanner.all((s, k) -> client.campaignsWithActivitySince(since, s, k), select));
            }
            List<StreamRow> rows = full ? fullPage(active.get(), select, skip, now)
                    : activePage(active.get(), select, skip, now);
            if (full && rows.size() < select) {
                lastFullRead = now;
            }
            return rows;
        }, ReadJob.Paging.SKIP, true);
        job.keepsStoredKeys = !full;
        return job;
    }

    private List<StreamRow> fullPage(List<Campaign> active, int select, long skip, Instant now) {
        Set<Long> ids = new HashSet<>();
        active.forEach(c -> ids.add(c.id()));
        List<StreamRow> rows = new ArrayList<>();
        for (Campaign c : client.campaigns(select, CyclePlanner.toInt(skip))) {
            rows.add(ids.contains(c.id()) ? CampaignRowMappers.campaign(c, client.campaignSummary(c.id()), now)
                    : CampaignRowMappers.campaign(c, null, null));
        }
        return rows;
    }

    private List<StreamRow> activePage(List<Campaign> active, int select, long skip, Instant now) {
        List<Campaign> distinct = active.stream().distinct().toList();
        List<StreamRow> rows = new ArrayList<>();
        for (int i = (int) Math.min(skip, distinct.size()); i < distinct.size() && rows.size() < select; i++) {
            Campaign c = distinct.get(i);
            rows.add(CampaignRowMappers.campaign(c, client.campaignSummary(c.id()), now));
        }
        return rows;
    }
}
