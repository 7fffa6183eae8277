package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.source.mapping.CampaignRowMappers;
import io.dynamicsdotdigital.dotdigital.source.mapping.ContactRowMappers;
import io.dynamicsdotdigital.dotdigital.source.mapping.QuestionTexts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what one sync cycle of a task reads. Campaign streams are read only for the campaigns of this task's
 * shard that had activity since the previous discovery (minus the overlap), found through
 * {@code campaigns/with-activity-since}; surveys likewise through {@code surveys/with-activity-since}.
 *
 * <p>After a restart the previous discovery time is not known: the task asks for campaigns active since the start
 * date, looks up their stored watermarks and, when all of them are later, asks again from the oldest one, so a
 * restart does not re-read every campaign the account ever sent.
 */
final class CyclePlanner {
    private static final Logger log = LoggerFactory.getLogger(CyclePlanner.class);
    /** Bound on pages of a discovery list; 1000 pages of 1000 is far beyond any real account. */
    private static final int MAX_LIST_PAGES = 1000;

    /** Reads stored offsets, preferring what the task already holds in memory. */
    interface OffsetLookup {
        Map<Map<String, String>, StreamOffset> offsets(Collection<Map<String, String>> partitions);
    }

    /** One page of a list call. */
    @FunctionalInterface
    interface ListPage<T> {
        List<T> page(int select, int skip);
    }

    private final DotdigitalClient client;
    private final DotdigitalSourceConfig config;
    private final TaskAssignment assignment;
    private final OffsetLookup offsets;
    private final Clock clock;
    private final Instant startDate;
    private final DiscoveryTimes discoveries = new DiscoveryTimes();
    private final CampaignCatalogue catalogue;
    private final PreferenceTree preferenceTree;
    private final SurveyQuestions surveyQuestions;
    private List<Long> addressBooks;
    private Instant addressBooksListedAt;

    CyclePlanner(DotdigitalClient client, DotdigitalSourceConfig config, TaskAssignment assignment,
                 OffsetLookup offsets, Clock clock, Instant startDate) {
        this.client = client;
        this.config = config;
        this.assignment = assignment;
        this.offsets = offsets;
        this.clock = clock;
        this.startDate = startDate;
        this.catalogue = new CampaignCatalogue(client, config.catalogueRefresh());
        this.preferenceTree = new PreferenceTree(client);
        this.surveyQuestions = new SurveyQuestions(client);
    }

    /** Plans every assigned stream. */
    List<ReadJob> plan() {
        return plan(assignment.streams());
    }

    /** Plans the given streams of the assignment (those due). */
    List<ReadJob> plan(Collection<StreamName> due) {
        Instant now = clock.instant();
        List<ReadJob> jobs = new ArrayList<>();
        List<StreamName> campaignStreams = new ArrayList<>();
        preferenceTree.newPlan();
        for (StreamName stream : assignment.streams().stream().filter(due::contains).toList()) {
            switch (stream) {
                case CAMPAIGNS -> jobs.add(catalogue.job(now));
                case PREFERENCES -> jobs.add(preferenceTree.job());
                case UNSUBSCRIBES -> jobs.add(new ReadJob(stream, null, null,
                        (since, select, skip) -> client.unsubscribedSince(since, select, toInt(skip)).stream()
                                .map(ContactRowMappers::suppression).toList(), ReadJob.Paging.SKIP, false));
                case SUPPRESSIONS -> jobs.add(new ReadJob(stream, null, null,
                        (since, select, skip) -> client.suppressedSince(since, select, toInt(skip)).stream()
                                .map(ContactRowMappers::suppression).toList(), ReadJob.Paging.SKIP, false));
                case CONTACTS_MODIFIED -> jobs.add(new ReadJob(stream, null, null,
                        (since, select, skip) -> client.modifiedContactsSince(since, select, toInt(skip)).stream()
                                .map(ContactRowMappers::contact).toList(), ReadJob.Paging.SKIP, true));
                case ADDRESS_BOOK_UNSUBSCRIBES -> {
                    for (long bookId : addressBookIds(now)) {
                        jobs.add(new ReadJob(stream, bookId, null, (since, select, skip) ->
                                client.addressBookUnsubscribedSince(bookId, since, select, toInt(skip)).stream()
                                        .map(s -> ContactRowMappers.addressBookUnsubscribe(bookId, s)).toList(),
                                ReadJob.Paging.SKIP, false));
                    }
                }
                case SURVEY_RESPONSES -> {
                    for (Survey survey : activeSurveys()) {
                        long surveyId = survey.id();
                        jobs.add(new ReadJob(stream, surveyId, null, (since, select, skip) -> {
                            QuestionTexts questions = surveyQuestions.of(survey);
                            return client.surveyResponsesSince(surveyId, since, select, toInt(skip)).stream()
                                    .map(r -> ContactRowMappers.surveyResponse(surveyId, r, questions)).toList();
                        }, ReadJob.Paging.SKIP, false));
                    }
                }
                case PREFERENCE_OPT_INS -> {
                    for (long preferenceId : preferenceTree.preferenceIds()) {
                        jobs.add(new ReadJob(stream, preferenceId, null, (since, select, minContactId) ->
                                client.preferenceOptInsSince(preferenceId, since, select, toInt(minContactId))
                                        .stream().map(r -> ContactRowMappers.preferenceOptIns(preferenceId, r))
                                        .toList(),
                                ReadJob.Paging.MIN_ID, false));
                    }
                }
                default -> campaignStreams.add(stream);
            }
        }
        if (!campaignStreams.isEmpty()) {
            for (long campaignId : activeCampaigns(campaignStreams)) {
                for (StreamName stream : campaignStreams) {
                    jobs.add(campaignJob(stream, campaignId, now));
                }
            }
        }
        // Only a plan that succeeded as a whole moves the discovery times: a failed plan is made again from the
        // same since dates, so no campaign or survey active in the window is dropped.
        discoveries.discovered(campaignStreams, now);
        if (assignment.streams().contains(StreamName.SURVEY_RESPONSES) && due.contains(StreamName.SURVEY_RESPONSES)) {
            discoveries.discovered(List.of(StreamName.SURVEY_RESPONSES), now);
        }
        return jobs;
    }

    /**
     * The cycle dropped the stream's remaining reads (its sync window closed): the next plan discovers from where
     * the dropped one did, so campaigns or surveys it found but did not read are found again.
     */
    void readsLeftOut(StreamName stream) {
        discoveries.readsLeftOut(stream);
    }

    private ReadJob campaignJob(StreamName stream, long id, Instant now) {
        ReadJob.PageFetcher fetcher = switch (stream) {
            case CAMPAIGN_ACTIVITIES -> (since, select, skip) -> client.campaignActivitiesSince(id, since, select,
                    toInt(skip)).stream().map(a -> CampaignRowMappers.activity(id, a)).toList();
            case CAMPAIGN_CLICKS -> (since, select, skip) -> client.campaignClicksSince(id, since, select,
                    toInt(skip)).stream().map(c -> CampaignRowMappers.click(id, c)).toList();
            case CAMPAIGN_OPENS -> (since, select, skip) -> client.campaignOpensSince(id, since, select,
                    toInt(skip)).stream().map(o -> CampaignRowMappers.open(id, o)).toList();
            case CAMPAIGN_PAGE_VIEWS -> (since, select, skip) -> client.campaignPageViewsSince(id, since, select,
                    toInt(skip)).stream().map(p -> CampaignRowMappers.pageView(id, p)).toList();
            case CAMPAIGN_ROI -> (since, select, skip) -> client.campaignRoiDetailsSince(id, since, select,
                    toInt(skip)).stream().map(r -> CampaignRowMappers.roi(id, r)).toList();
            case CAMPAIGN_HARD_BOUNCES -> (since, select, skip) -> client.campaignHardBouncingContacts(id, select,
                    toInt(skip)).stream().map(c -> CampaignRowMappers.hardBounce(id, c, now)).toList();
            default -> throw new IllegalArgumentException(stream + " is not a campaign stream");
        };
        ReadJob job = new ReadJob(stream, id, id, fetcher, ReadJob.Paging.SKIP,
                stream == StreamName.CAMPAIGN_HARD_BOUNCES);
        job.timeIncomplete = stream == StreamName.CAMPAIGN_ACTIVITIES;
        return job;
    }

    /** Campaigns of this task's shard with activity since the last discovery (see the class comment). */
    private List<Long> activeCampaigns(List<StreamName> campaignStreams) {
        Duration overlap = config.overlapWindow();
        List<Long> owned;
        Instant last = discoveries.earliest(campaignStreams);
        if (last != null) {
            owned = ownedCampaigns(last.minus(overlap));
        } else {
            owned = ownedCampaigns(startDate);
            Instant oldest = oldestWatermark(owned, campaignStreams);
            if (oldest.minus(overlap).isAfter(startDate)) {
                owned = ownedCampaigns(oldest.minus(overlap));
            }
            log.info("Dotdigital campaign shard {}/{}: {} campaigns with activity to read after start",
                    assignment.shard(), assignment.shardCount(), owned.size());
        }
        return owned;
    }

    private List<Long> ownedCampaigns(Instant since) {
        List<Long> ids = new ArrayList<>();
        for (Campaign c : all((select, skip) -> client.campaignsWithActivitySince(since, select, skip),
                config.pageSize())) {
            if (assignment.ownsCampaign(c.id()) && !ids.contains(c.id())) {
                ids.add(c.id());
            }
        }
        return ids;
    }

    private Instant oldestWatermark(List<Long> campaignIds, List<StreamName> streams) {
        Map<Map<String, String>, Boolean> partitions = new LinkedHashMap<>();
        for (long id : campaignIds) {
            for (StreamName s : streams) {
                partitions.put(StreamPartitions.of(s, id), Boolean.TRUE);
            }
        }
        if (partitions.isEmpty()) {
            return startDate;
        }
        Map<Map<String, String>, StreamOffset> stored = offsets.offsets(partitions.keySet());
        Instant oldest = null;
        for (Map<String, String> p : partitions.keySet()) {
            StreamOffset o = stored.get(p);
            if (o == null) {
                return startDate;
            }
            Instant w = o.progress() != null ? o.progress().since() : o.watermark();
            if (oldest == null || w.isBefore(oldest)) {
                oldest = w;
            }
        }
        return oldest;
    }

    private List<Survey> activeSurveys() {
        Instant last = discoveries.of(StreamName.SURVEY_RESPONSES);
        Instant since = last == null ? startDate : last.minus(config.overlapWindow());
        Map<Long, Survey> byId = new LinkedHashMap<>();
        for (Survey s : all((select, skip) -> client.surveysWithActivitySince(since, select, skip),
                config.pageSize())) {
            byId.putIfAbsent(s.id(), s);
        }
        return new ArrayList<>(byId.values());
    }

    /**
     * The configured address books, else the account's, listed again every {@code catalogue.refresh.ms}: a book
     * created in between is read from {@code start.date} once listed, so none of its unsubscribes is missed.
     */
    private List<Long> addressBookIds(Instant now) {
        List<Long> configured = config.addressBookIds();
        if (!configured.isEmpty()) {
            return configured;
        }
        Duration refresh = config.catalogueRefresh();
        if (addressBooks == null || refresh.isZero() || !now.isBefore(addressBooksListedAt.plus(refresh))) {
            addressBooks = client.addressBooks().stream().map(AddressBook::id).toList();
            addressBooksListedAt = now;
        }
        return addressBooks;
    }

    /** Every page of a list call, up to a bound. */
    static <T> List<T> all(ListPage<T> call, int select) {
        List<T> out = new ArrayList<>();
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            List<T> rows = call.page(select, page * select);
            out.addAll(rows);
            if (rows.size() < select) {
                return out;
            }
        }
        throw new ConnectException("Dotdigital list call returned more than " + MAX_LIST_PAGES + " pages of "
                + select + " rows; refusing to page further");
    }

    static int toInt(long skip) {
        if (skip > Integer.MAX_VALUE) {
            throw new ConnectException("Dotdigital paging position " + skip + " exceeds the API's int range");
        }
        return (int) skip;
    }
}
