package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Survey;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyAnswer;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyPage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic starting data (a seeded {@link Random}): contacts in address books, campaigns with one cumulative
 * activity row per contact plus clicks, opens, page views, ROI and hard bounces, unsubscribes, suppressions, surveys
 * with responses, and marketing preferences with opt-ins. Timestamps are whole seconds spread over the last
 * {@link #days(int)} days before the anchor, and every fourth row reuses the previous row's second.
 */
public final class DotdigitalSeed {
    private int contacts = 200;
    private int addressBooks = 2;
    private int campaigns = 3;
    private int activitiesPerCampaign = 100;
    private int unsubscribes = 10;
    private int suppressions = 5;
    private int surveys = 2;
    private int responsesPerSurvey = 20;
    private int preferences = 3;
    private int days = 7;
    private long randomSeed = 42;
    private Instant anchor;

    private DotdigitalSeed() {
    }

    public static DotdigitalSeed defaults() {
        return new DotdigitalSeed();
    }

    /** Nothing at all (the account's default data fields only). */
    public static DotdigitalSeed empty() {
        return new DotdigitalSeed().contacts(0).addressBooks(0).campaigns(0).activitiesPerCampaign(0)
                .unsubscribes(0).suppressions(0).surveys(0).responsesPerSurvey(0).preferences(0);
    }

    public DotdigitalSeed contacts(int n) {
        this.contacts = n;
        return this;
    }

    public DotdigitalSeed addressBooks(int n) {
        this.addressBooks = n;
        return this;
    }

    public DotdigitalSeed campaigns(int n) {
        this.campaigns = n;
        return this;
    }

    /** Activity rows (= distinct recipients) per campaign; raises the contact count when needed. */
    public DotdigitalSeed activitiesPerCampaign(int n) {
        this.activitiesPerCampaign = n;
        return this;
    }

    public DotdigitalSeed unsubscribes(int n) {
        this.unsubscribes = n;
        return this;
    }

    public DotdigitalSeed suppressions(int n) {
        this.suppressions = n;
        return this;
    }

    public DotdigitalSeed surveys(int n) {
        this.surveys = n;
        return this;
    }

    public DotdigitalSeed responsesPerSurvey(int n) {
        this.responsesPerSurvey = n;
        return this;
    }

    public DotdigitalSeed preferences(int n) {
        this.preferences = n;
        return this;
    }

    public DotdigitalSeed days(int n) {
        this.days = Math.max(1, n);
        return this;
    }

    public DotdigitalSeed randomSeed(long seed) {
        this.randomSeed = seed;
        return this;
    }

    /** The instant the timestamps lead up to (default: the moment of seeding, whole seconds). */
    public DotdigitalSeed anchor(Instant anchor) {
        this.anchor = anchor;
        return this;
    }

    /** The seeded contact's email for index {@code i} (0-based). */
    public static String email(int i) {
        return String.format("contact%05d@seed.example", i + 1);
    }

    private static final class Clock {
        private final Random random;
        private final Instant start;
        private final long spanSeconds;
        private Instant last;
        private int count;

        Clock(Random random, Instant end, int days) {
            this.random = random;
            this.spanSeconds = Duration.ofDays(days).toSeconds();
            this.start = end.minusSeconds(spanSeconds);
        }

        Instant next() {
            if (last != null && ++count % 4 == 0) {
                return last;
            }
            last = start.plusSeconds((long) (random.nextDouble() * spanSeconds));
            return last;
        }
    }

    void apply(DotdigitalState state) {
        Random random = new Random(randomSeed);
        Instant end = (anchor != null ? anchor : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        Clock clock = new Clock(random, end.minusSeconds(60), days);
        int contactCount = Math.max(contacts, activitiesPerCampaign);
        String[] first = {"Ana", "Ben", "Chloe", "Dev", "Eve", "Finn", "Gia", "Hugo", "Isla", "Jon"};
        String[] last = {"Smith", "Jones", "Patel", "Garcia", "Kim", "Novak", "Silva", "Brown"};
        synchronized (state) {
            for (int i = 0; i < contactCount; i++) {
                String f = first[random.nextInt(first.length)];
                String l = last[random.nextInt(last.length)];
                state.upsertContact(email(i), Map.of("FIRSTNAME", f, "LASTNAME", l, "FULLNAME", f + " " + l));
            }
            List<AddressBook> books = new ArrayList<>();
            for (int b = 0; b < addressBooks; b++) {
                books.add(state.createAddressBook("Seed list " + (b + 1), b % 2 == 0 ? "Private" : "Public"));
            }
            if (!books.isEmpty()) {
                for (int i = 0; i < contactCount; i++) {
                    state.addToAddressBook(books.get(i % books.size()).id(), email(i));
                }
            }
            for (int k = 0; k < campaigns; k++) {
                Instant sent = clock.next();
                Campaign c = state.addCampaign("Seed campaign " + (k + 1), "Seed subject " + (k + 1), sent);
                for (int i = 0; i < Math.min(activitiesPerCampaign, contactCount); i++) {
                    String email = email(i);
                    state.addCampaignActivity(c.id(), email, clock.next());
                    int r = random.nextInt(100);
                    if (r < 40) {
                        state.addOpen(c.id(), email, clock.next());
                    }
                    if (r < 15) {
                        state.addClick(c.id(), email, "https://shop.example/p/" + random.nextInt(20), clock.next());
                        state.addPageView(c.id(), email, "https://shop.example/p/" + random.nextInt(20),
                                clock.next());
                    }
                    if (r < 3) {
                        state.addRoi(c.id(), email, "order", 10 + random.nextInt(9000) / 100.0, clock.next());
                    }
                    if (r == 99 && random.nextInt(4) == 0) {
                        state.addHardBounce(c.id(), email, clock.next());
                    }
                }
            }
            for (int u = 0; u < unsubscribes && contactCount > 0; u++) {
                state.unsubscribe(email(random.nextInt(contactCount)), clock.next());
            }
            String[] reasons = {"HardBounced", "IspComplained", "Suppressed", "MailBlocked"};
            for (int s = 0; s < suppressions && contactCount > 0; s++) {
                state.suppress(email(random.nextInt(contactCount)), clock.next(), reasons[s % reasons.length]);
            }
            for (int s = 0; s < surveys; s++) {
                Instant created = end.minus(Duration.ofDays(days + 1));
                Survey survey = state.addSurvey("Seed survey " + (s + 1), created);
                state.setSurveyFields(survey.id(), seedQuestions(), created);
                for (int r = 0; r < responsesPerSurvey && contactCount > 0; r++) {
                    state.addSurveyResponse(survey.id(), email(random.nextInt(contactCount)), clock.next(),
                            List.of(new SurveyAnswer(1, 0, "Answer " + random.nextInt(5)),
                                    new SurveyAnswer(2, 1, random.nextInt(10))));
                }
            }
            if (preferences > 0) {
                Preference category = state.addPreferenceCategory("Newsletters", clock.next());
                List<Preference> prefs = new ArrayList<>();
                for (int p = 0; p < preferences; p++) {
                    prefs.add(state.addPreference("Topic " + (p + 1), p % 2 == 0 ? category.id() : 0, clock.next()));
                }
                for (int i = 0; i < contactCount; i += 3) {
                    Preference p = prefs.get(random.nextInt(prefs.size()));
                    state.setOptIn(email(i), p.id(), random.nextInt(4) != 0, clock.next());
                }
            }
        }
    }

    /** The questions the seeded answers name: field 1 single-part, field 2 a rating with one part (sub-field 1). */
    static List<SurveyPage> seedQuestions() {
        return List.of(new SurveyPage(1, "Page 1", List.of(
                new SurveyField(1, "FreeText", "How did you hear about us?", List.of()),
                new SurveyField(2, "Matrix", "How likely are you to recommend us?",
                        List.of(new SurveyField(1, "MatrixRow", "Score from 0 to 9", List.of()))))));
    }
}
