package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.emulator.dotdigital.Model.Activity;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Click;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Open;
import io.dynamicsdotdigital.emulator.dotdigital.Model.OptIn;
import io.dynamicsdotdigital.emulator.dotdigital.Model.PageView;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Roi;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Survey;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyAnswer;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyPage;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The emulated Dotdigital account: everything the REST and SOAP front ends read and write. Every method locks the
 * state, so tests may read and mutate it while the servers run.
 */
public final class DotdigitalState {
    static final Pattern EMAIL = Pattern.compile("^[^@\\s,;]+@[^@\\s,;]+\\.[A-Za-z]{2,}$");
    static final Pattern DATA_FIELD_NAME = Pattern.compile("^[A-Za-z0-9_-]{1,20}$");
    static final Set<String> DATA_FIELD_TYPES = Set.of("String", "Numeric", "Date", "Boolean");

    /** Mutable contact, only touched under the state's lock. */
    static final class StoredContact {
        final int id;
        String email;
        String status = "Subscribed";
        String optInType = "Unknown";
        String emailType = "Html";
        final Map<String, Object> dataFields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Instant created;
        Instant modified;

        StoredContact(int id, String email, Instant now) {
            this.id = id;
            this.email = email;
            this.created = now;
            this.modified = now;
        }
    }

    static final class StoredBook {
        final int id;
        String name;
        String visibility;
        final Set<Integer> members = new LinkedHashSet<>();
        /** contactId -> when the contact unsubscribed from this book only. */
        final Map<Integer, Instant> unsubscribed = new LinkedHashMap<>();

        StoredBook(int id, String name, String visibility) {
            this.id = id;
            this.name = name;
            this.visibility = visibility;
        }
    }

    static final class StoredActivity {
        final int contactId;
        int numOpens;
        int numPageViews;
        int numClicks;
        int numForwards;
        int numEstimatedForwards;
        int numReplies;
        Instant dateSent;
        Instant dateFirstOpened;
        Instant dateLastOpened;
        String firstOpenIp;
        boolean unsubscribed;
        boolean softBounced;
        boolean hardBounced;
        Instant lastActivity;

        StoredActivity(int contactId, Instant dateSent) {
            this.contactId = contactId;
            this.dateSent = dateSent;
            this.lastActivity = dateSent;
        }

        void touch(Instant when) {
            if (lastActivity == null || when.isAfter(lastActivity)) {
                lastActivity = when;
            }
        }
    }

    static final class StoredCampaign {
        final Campaign campaign;
        final Map<Integer, StoredActivity> activities = new LinkedHashMap<>();
        final List<Click> clicks = new ArrayList<>();
        final List<Open> opens = new ArrayList<>();
        final List<PageView> pageViews = new ArrayList<>();
        final List<Roi> rois = new ArrayList<>();
        final Set<Integer> hardBounces = new LinkedHashSet<>();
        Instant lastActivity;

        StoredCampaign(Campaign campaign) {
            this.campaign = campaign;
        }

        void touch(Instant when) {
            if (lastActivity == null || when.isAfter(lastActivity)) {
                lastActivity = when;
            }
        }
    }

    private final Map<Integer, StoredContact> contactsById = new LinkedHashMap<>();
    private final Map<String, StoredContact> contactsByEmail = new HashMap<>();
    private final ContactConsents consents = new ContactConsents();
    private final Map<Integer, StoredBook> books = new LinkedHashMap<>();
    private final Map<String, DataField> dataFields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    /** contactId -> suppression entry; the account-wide suppression list. */
    private final Map<Integer, Suppression> suppressions = new LinkedHashMap<>();
    private final Map<Integer, StoredCampaign> campaigns = new LinkedHashMap<>();
    private final Map<Integer, Survey> surveys = new LinkedHashMap<>();
    private final List<SurveyResponse> surveyResponses = new ArrayList<>();
    private final Map<Integer, List<SurveyPage>> surveyPages = new HashMap<>();
    private final Map<Integer, Preference> preferences = new LinkedHashMap<>();
    /** contactId -> preferenceId -> opt-in. */
    private final Map<Integer, Map<Integer, OptIn>> optIns = new LinkedHashMap<>();
    private final Map<String, CampaignSend> sends = new LinkedHashMap<>();
    private final Map<String, ContactImport> imports = new LinkedHashMap<>();
    private int nextContactId = 1001;
    private int nextBookId = 101;
    private int nextCampaignId = 5001;
    private int nextSurveyId = 301;
    private int nextResponseId = 1;
    private int nextPreferenceId = 11;
    private Instant lastNow = Instant.EPOCH;

    DotdigitalState() {
        for (String name : List.of("FIRSTNAME", "LASTNAME", "FULLNAME", "GENDER", "POSTCODE")) {
            dataFields.put(name, new DataField(name, "String", "Private", null));
        }
    }

    /** Now, in milliseconds, never going backwards (modified-since relies on it). */
    synchronized Instant now() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        if (now.isBefore(lastNow)) {
            now = lastNow;
        }
        lastNow = now;
        return now;
    }

    // ---------------------------------------------------------------- contacts

    public static boolean isValidEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    static String key(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    public synchronized Optional<Contact> contactByEmail(String email) {
        StoredContact c = email == null ? null : contactsByEmail.get(key(email));
        return Optional.ofNullable(c).map(this::view);
    }

    public synchronized Optional<Contact> contactById(int id) {
        return Optional.ofNullable(contactsById.get(id)).map(this::view);
    }

    /** By numeric id when {@code emailOrId} is all digits, else by email. */
    public synchronized Optional<Contact> contact(String emailOrId) {
        if (emailOrId != null && emailOrId.chars().allMatch(Character::isDigit) && !emailOrId.isEmpty()) {
            try {
                return contactById(Integer.parseInt(emailOrId));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return contactByEmail(emailOrId);
    }

    public synchronized int contactCount() {
        return contactsById.size();
    }

    public synchronized List<Contact> contacts() {
        return contactsById.values().stream().map(this::view).toList();
    }

    /** Creates a subscribed contact or updates the data fields of an existing one (never its status). */
    public synchronized Contact upsertContact(String email, Map<String, ?> fields) {
        StoredContact c = findOrCreate(email);
        if (fields != null) {
            fields.forEach((k, v) -> c.dataFields.put(canonicalFieldName(k), v));
        }
        c.modified = now();
        return view(c);
    }

    /** Sets a contact's status directly (a test back door; use {@link #suppress} for the suppression list). */
    public synchronized void setStatus(String email, String status) {
        StoredContact c = findOrCreate(email);
        c.status = status;
        c.modified = now();
    }

    public synchronized void setOptInType(String email, String optInType) {
        StoredContact c = findOrCreate(email);
        c.optInType = optInType;
        c.modified = now();
    }

    /** The consent records of every contact; use under this state's lock. */
    ContactConsents consents() {
        return consents;
    }

    /** The consent records stored for the contact, oldest first; empty for an unknown email. */
    public synchronized List<ContactConsents.Consent> consentsOf(String email) {
        StoredContact c = stored(email);
        return c == null ? List.of() : consents.of(c.id);
    }

    /** The contact's opt-in type (Unknown, Single, Double, VerifiedDouble); null for an unknown email. */
    public synchronized String optInTypeOf(String email) {
        StoredContact c = stored(email);
        return c == null ? null : c.optInType;
    }

    StoredContact findOrCreate(String email) {
        if (!isValidEmail(email)) {
            throw new IllegalArgumentException("Not a valid email address: " + email);
        }
        StoredContact c = contactsByEmail.get(key(email));
        if (c == null) {
            c = new StoredContact(nextContactId++, email.trim(), now());
            contactsById.put(c.id, c);
            contactsByEmail.put(key(email), c);
        }
        return c;
    }

    StoredContact stored(String email) {
        return email == null ? null : contactsByEmail.get(key(email));
    }

    StoredContact stored(int id) {
        return contactsById.get(id);
    }

    StoredContact storedByEmailOrId(String emailOrId) {
        if (emailOrId != null && !emailOrId.isEmpty() && emailOrId.chars().allMatch(Character::isDigit)) {
            try {
                return contactsById.get(Integer.parseInt(emailOrId));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return stored(emailOrId);
    }

    Collection<StoredContact> storedContacts() {
        return contactsById.values();
    }

    /** Removes a contact from the account entirely (v3 delete / tests). */
    public synchronized boolean deleteContact(String email) {
        StoredContact c = stored(email);
        if (c == null) {
            return false;
        }
        contactsById.remove(c.id);
        contactsByEmail.remove(key(c.email));
        books.values().forEach(b -> b.members.remove(c.id));
        return true;
    }

    Contact view(StoredContact c) {
        return new Contact(c.id, c.email, c.status, c.optInType, c.emailType,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(c.dataFields)), c.created, c.modified);
    }

    synchronized List<Contact> contactsWhere(Predicate<StoredContact> filter, Comparator<StoredContact> order,
                                             int skip, int select) {
        return contactsById.values().stream().filter(filter).sorted(order).skip(skip).limit(select)
                .map(this::view).toList();
    }

    // ---------------------------------------------------------------- data fields

    public synchronized List<DataField> dataFields() {
        return List.copyOf(dataFields.values());
    }

    public synchronized Optional<DataField> dataField(String name) {
        return Optional.ofNullable(dataFields.get(name));
    }

    /** @throws IllegalArgumentException on a bad name or type; IllegalStateException when it exists */
    public synchronized DataField addDataField(String name, String type, String visibility, Object defaultValue) {
        if (name == null || !DATA_FIELD_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name");
        }
        if (!DATA_FIELD_TYPES.contains(type)) {
            throw new IllegalArgumentException("type");
        }
        if (dataFields.containsKey(name)) {
            throw new IllegalStateException("exists");
        }
        DataField f = new DataField(name.toUpperCase(Locale.ROOT), type, visibility == null ? "Private" : visibility,
                defaultValue);
        dataFields.put(f.name(), f);
        return f;
    }

    public synchronized boolean deleteDataField(String name) {
        if (dataFields.remove(name) == null) {
            return false;
        }
        contactsById.values().forEach(c -> c.dataFields.remove(name));
        return true;
    }

    String canonicalFieldName(String name) {
        DataField f = dataFields.get(name);
        return f == null ? name.toUpperCase(Locale.ROOT) : f.name();
    }

    // ---------------------------------------------------------------- address books

    public synchronized AddressBook createAddressBook(String name, String visibility) {
        StoredBook b = new StoredBook(nextBookId++, name, visibility == null ? "Private" : visibility);
        books.put(b.id, b);
        return view(b);
    }

    public synchronized Optional<AddressBook> addressBook(int id) {
        return Optional.ofNullable(books.get(id)).map(this::view);
    }

    public synchronized Optional<AddressBook> addressBookByName(String name) {
        return books.values().stream().filter(b -> b.name.equalsIgnoreCase(name)).findFirst().map(this::view);
    }

    public synchronized List<AddressBook> addressBooks() {
        return books.values().stream().map(this::view).toList();
    }

    public synchronized List<AddressBook> addressBooksOf(int contactId) {
        return books.values().stream().filter(b -> b.members.contains(contactId)).map(this::view).toList();
    }

    public synchronized Set<String> addressBookMembers(int id) {
        StoredBook b = books.get(id);
        if (b == null) {
            return Set.of();
        }
        Set<String> emails = new LinkedHashSet<>();
        b.members.forEach(cid -> {
            StoredContact c = contactsById.get(cid);
            if (c != null) {
                emails.add(c.email);
            }
        });
        return emails;
    }

    /** Adds (creating when needed) a contact to a book; false when the book does not exist. */
    public synchronized boolean addToAddressBook(int bookId, String email) {
        StoredBook b = books.get(bookId);
        if (b == null) {
            return false;
        }
        StoredContact c = findOrCreate(email);
        b.members.add(c.id);
        b.unsubscribed.remove(c.id);
        c.modified = now();
        return true;
    }

    public synchronized boolean removeFromAddressBook(int bookId, int contactId) {
        StoredBook b = books.get(bookId);
        if (b == null) {
            return false;
        }
        boolean removed = b.members.remove(contactId);
        StoredContact c = contactsById.get(contactId);
        if (removed && c != null) {
            c.modified = now();
        }
        return removed;
    }

    StoredBook storedBook(int id) {
        return books.get(id);
    }

    AddressBook view(StoredBook b) {
        return new AddressBook(b.id, b.name, b.visibility, b.members.size());
    }

    /** Unsubscribes a contact from one book only; returns false when the book is unknown. */
    public synchronized boolean unsubscribeFromAddressBook(int bookId, String email, Instant when) {
        StoredBook b = books.get(bookId);
        if (b == null) {
            return false;
        }
        StoredContact c = findOrCreate(email);
        b.members.remove(c.id);
        b.unsubscribed.put(c.id, when);
        c.modified = when.isAfter(c.modified) ? when : c.modified;
        return true;
    }

    synchronized List<Suppression> bookUnsubscribesSince(int bookId, Instant since, int skip, int select) {
        StoredBook b = books.get(bookId);
        if (b == null) {
            return List.of();
        }
        return b.unsubscribed.entrySet().stream().filter(e -> !e.getValue().isBefore(since))
                .sorted(Map.Entry.<Integer, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .skip(skip).limit(select)
                .map(e -> new Suppression(contactsById.containsKey(e.getKey()) ? view(contactsById.get(e.getKey()))
                        : null, e.getValue(), "Unsubscribed"))
                .filter(s -> s.contact() != null).toList();
    }

    // ---------------------------------------------------------------- suppressions

    /** The contact unsubscribes (account-wide): status Unsubscribed, on the suppression list. */
    public synchronized Suppression unsubscribe(String email, Instant when) {
        return suppress(email, when, "Unsubscribed");
    }

    /** Puts a contact (created when unknown) on the suppression list with {@code reason} as its status. */
    public synchronized Suppression suppress(String email, Instant when, String reason) {
        StoredContact c = findOrCreate(email);
        c.status = reason;
        c.modified = when.isAfter(c.modified) ? when : c.modified;
        Suppression s = new Suppression(view(c), when, reason);
        suppressions.remove(c.id);
        suppressions.put(c.id, s);
        return s;
    }

    public synchronized List<Suppression> suppressions() {
        return List.copyOf(suppressions.values());
    }

    synchronized List<Suppression> suppressionsSince(Instant since, Predicate<Suppression> filter, int skip,
                                                     int select) {
        return suppressions.values().stream().filter(s -> !s.dateRemoved().isBefore(since)).filter(filter)
                .sorted(Comparator.comparing(Suppression::dateRemoved)
                        .thenComparing(s -> s.contact().id()))
                .skip(skip).limit(select).toList();
    }

    /** Lifts a suppression (resubscribe) and makes the contact {@code status}. */
    synchronized void unsuppress(StoredContact c, String status) {
        suppressions.remove(c.id);
        c.status = status;
        c.modified = now();
    }

    // ---------------------------------------------------------------- campaigns

    public synchronized Campaign addCampaign(String name, String subject, Instant dateSent) {
        int id = nextCampaignId++;
        Campaign c = new Campaign(id, name, subject, "Emulated Sender", 1, "news@emulator.example",
                dateSent == null ? "Unsent" : "Sent", dateSent);
        StoredCampaign sc = new StoredCampaign(c);
        if (dateSent != null) {
            sc.touch(dateSent);
        }
        campaigns.put(id, sc);
        return c;
    }

    /** Sets a campaign's status (Unsent, Sending, Sent, Paused, Cancelled, RequiresSystemApproval, ...). */
    public synchronized void setCampaignStatus(int campaignId, String status) {
        StoredCampaign old = campaignOrThrow(campaignId);
        Campaign c = old.campaign;
        StoredCampaign replaced = new StoredCampaign(new Campaign(c.id(), c.name(), c.subject(), c.fromName(),
                c.fromAddressId(), c.fromAddress(), status, c.dateSent()));
        replaced.activities.putAll(old.activities);
        replaced.clicks.addAll(old.clicks);
        replaced.opens.addAll(old.opens);
        replaced.pageViews.addAll(old.pageViews);
        replaced.rois.addAll(old.rois);
        replaced.hardBounces.addAll(old.hardBounces);
        replaced.lastActivity = old.lastActivity;
        campaigns.put(campaignId, replaced);
    }

    /**
     * A campaign send went out to these contacts at {@code when}: each gets its activity row, whose dateSent is the
     * latest send to the contact.
     */
    synchronized void recordCampaignSent(int campaignId, List<String> emails, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        for (String email : emails) {
            StoredContact c = findOrCreate(email);
            StoredActivity a = activity(sc, c, when);
            if (a.dateSent == null || a.dateSent.isBefore(when)) {
                a.dateSent = when;
            }
            a.touch(when);
        }
        sc.touch(when);
    }

    /** The activity row of one contact for one campaign (GET /v2/campaigns/{id}/activities/{contactId}). */
    synchronized Optional<Activity> contactActivity(int campaignId, int contactId) {
        return Optional.ofNullable(campaignOrThrow(campaignId).activities.get(contactId)).map(this::activityView);
    }

    public synchronized List<Campaign> campaigns() {
        return campaigns.values().stream().map(sc -> sc.campaign).toList();
    }

    public synchronized Optional<Campaign> campaign(int id) {
        return Optional.ofNullable(campaigns.get(id)).map(sc -> sc.campaign);
    }

    synchronized List<Campaign> campaignsWithActivitySince(Instant since, int skip, int select) {
        return campaigns.values().stream().filter(sc -> sc.lastActivity != null && !sc.lastActivity.isBefore(since))
                .map(sc -> sc.campaign).skip(skip).limit(select).toList();
    }

    private StoredCampaign campaignOrThrow(int id) {
        StoredCampaign sc = campaigns.get(id);
        if (sc == null) {
            throw new IllegalArgumentException("No campaign " + id);
        }
        return sc;
    }

    private StoredActivity activity(StoredCampaign sc, StoredContact c, Instant when) {
        return sc.activities.computeIfAbsent(c.id, id -> new StoredActivity(id,
                sc.campaign.dateSent() != null && sc.campaign.dateSent().isBefore(when) ? sc.campaign.dateSent()
                        : when));
    }

    /** Records that the campaign was sent to {@code email} at {@code when} (creates the cumulative row). */
    public synchronized Activity addCampaignActivity(int campaignId, String email, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.touch(when);
        sc.touch(when);
        return activityView(a);
    }

    public synchronized Click addClick(int campaignId, String email, String url, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.numClicks++;
        a.touch(when);
        sc.touch(when);
        Click click = new Click(c.id, c.email, url, "10.0.0." + (c.id % 250 + 1),
                "Mozilla/5.0 (emulated)", when, "");
        sc.clicks.add(click);
        return click;
    }

    public synchronized Open addOpen(int campaignId, String email, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.numOpens++;
        String ip = "10.0.1." + (c.id % 250 + 1);
        if (a.dateFirstOpened == null || when.isBefore(a.dateFirstOpened)) {
            a.dateFirstOpened = when;
            a.firstOpenIp = ip;
        }
        if (a.dateLastOpened == null || when.isAfter(a.dateLastOpened)) {
            a.dateLastOpened = when;
        }
        a.touch(when);
        sc.touch(when);
        Open open = new Open(c.id, c.email, "Emulated Mail", "1.0", ip, "Mozilla/5.0 (emulated)", true, false, when);
        sc.opens.add(open);
        return open;
    }

    public synchronized PageView addPageView(int campaignId, String email, String url, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.numPageViews++;
        a.touch(when);
        sc.touch(when);
        PageView pv = new PageView(c.id, c.email, url, when);
        sc.pageViews.add(pv);
        return pv;
    }

    public synchronized Roi addRoi(int campaignId, String email, String markerName, double value, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        activity(sc, c, when).touch(when);
        sc.touch(when);
        Roi roi = new Roi(c.id, c.email, markerName, "Numeric", value, when);
        sc.rois.add(roi);
        return roi;
    }

    /** The contact hard-bounced on this campaign: flags the activity row and suppresses the contact. */
    public synchronized void addHardBounce(int campaignId, String email, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.hardBounced = true;
        a.touch(when);
        sc.touch(when);
        sc.hardBounces.add(c.id);
        suppress(email, when, "HardBounced");
    }

    /** The contact unsubscribed from a campaign: flags the row and unsubscribes the contact account-wide. */
    public synchronized void addCampaignUnsubscribe(int campaignId, String email, Instant when) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        StoredContact c = findOrCreate(email);
        StoredActivity a = activity(sc, c, when);
        a.unsubscribed = true;
        a.touch(when);
        sc.touch(when);
        unsubscribe(email, when);
    }

    private Activity activityView(StoredActivity a) {
        StoredContact c = contactsById.get(a.contactId);
        return new Activity(a.contactId, c == null ? null : c.email, a.numOpens, a.numPageViews, a.numClicks,
                a.numForwards, a.numEstimatedForwards, a.numReplies, a.dateSent, a.dateFirstOpened,
                a.dateLastOpened, a.firstOpenIp, a.unsubscribed, a.softBounced, a.hardBounced, a.lastActivity);
    }

    /** Activity rows touched at or after {@code since}, ordered by last activity then contact id. */
    public synchronized List<Activity> activitiesSince(int campaignId, Instant since, int skip, int select) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        return sc.activities.values().stream().filter(a -> !a.lastActivity.isBefore(since))
                .sorted(Comparator.comparing((StoredActivity a) -> a.lastActivity).thenComparingInt(a -> a.contactId))
                .skip(skip).limit(select).map(this::activityView).toList();
    }

    public synchronized List<Activity> activities(int campaignId) {
        return campaignOrThrow(campaignId).activities.values().stream().map(this::activityView).toList();
    }

    private static <T> List<T> since(List<T> rows, Function<T, Instant> date, Instant since, int skip, int select) {
        return rows.stream().filter(r -> !date.apply(r).isBefore(since)).sorted(Comparator.comparing(date))
                .skip(skip).limit(select).toList();
    }

    public synchronized List<Click> clicksSince(int campaignId, Instant since, int skip, int select) {
        return since(campaignOrThrow(campaignId).clicks, Click::dateClicked, since, skip, select);
    }

    public synchronized List<Open> opensSince(int campaignId, Instant since, int skip, int select) {
        return since(campaignOrThrow(campaignId).opens, Open::dateOpened, since, skip, select);
    }

    public synchronized List<PageView> pageViewsSince(int campaignId, Instant since, int skip, int select) {
        return since(campaignOrThrow(campaignId).pageViews, PageView::dateViewed, since, skip, select);
    }

    public synchronized List<Roi> roisSince(int campaignId, Instant since, int skip, int select) {
        return since(campaignOrThrow(campaignId).rois, Roi::dateEntered, since, skip, select);
    }

    public synchronized List<Contact> hardBouncingContacts(int campaignId, int skip, int select) {
        return campaignOrThrow(campaignId).hardBounces.stream().map(contactsById::get)
                .filter(java.util.Objects::nonNull).skip(skip).limit(select).map(this::view).toList();
    }

    /** Campaign totals computed from the activity rows. */
    synchronized Map<String, Object> summary(int campaignId) {
        StoredCampaign sc = campaignOrThrow(campaignId);
        int sent = sc.activities.size();
        int hard = 0;
        int soft = 0;
        int unsubs = 0;
        int uniqueOpens = 0;
        int clickers = 0;
        int pageViews = 0;
        for (StoredActivity a : sc.activities.values()) {
            hard += a.hardBounced ? 1 : 0;
            soft += a.softBounced ? 1 : 0;
            unsubs += a.unsubscribed ? 1 : 0;
            uniqueOpens += a.numOpens > 0 ? 1 : 0;
            clickers += a.numClicks > 0 ? 1 : 0;
            pageViews += a.numPageViews;
        }
        int delivered = sent - hard - soft;
        double revenue = sc.rois.stream().mapToDouble(r -> r.value() instanceof Number n ? n.doubleValue() : 0).sum();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dateSent", Dates.format(sc.campaign.dateSent()));
        m.put("numUniqueOpens", uniqueOpens);
        m.put("numUniqueTextOpens", 0);
        m.put("numTotalUniqueOpens", uniqueOpens);
        m.put("numOpens", sc.opens.size());
        m.put("numTextOpens", 0);
        m.put("numTotalOpens", sc.opens.size());
        m.put("numClicks", sc.clicks.size());
        m.put("numTextClicks", 0);
        m.put("numTotalClicks", sc.clicks.size());
        m.put("numPageViews", pageViews);
        m.put("numTotalPageViews", pageViews);
        m.put("numTextPageViews", 0);
        m.put("numForwards", 0);
        m.put("numTextForwards", 0);
        m.put("numEstimatedForwards", 0);
        m.put("numTextEstimatedForwards", 0);
        m.put("numTotalEstimatedForwards", 0);
        m.put("numReplies", 0);
        m.put("numTextReplies", 0);
        m.put("numTotalReplies", 0);
        m.put("numHardBounces", hard);
        m.put("numTextHardBounces", 0);
        m.put("numTotalHardBounces", hard);
        m.put("numSoftBounces", soft);
        m.put("numTextSoftBounces", 0);
        m.put("numTotalSoftBounces", soft);
        m.put("numUnsubscribes", unsubs);
        m.put("numTextUnsubscribes", 0);
        m.put("numTotalUnsubscribes", unsubs);
        m.put("numIspComplaints", 0);
        m.put("numTextIspComplaints", 0);
        m.put("numTotalIspComplaints", 0);
        m.put("numMailBlocks", 0);
        m.put("numTextMailBlocks", 0);
        m.put("numTotalMailBlocks", 0);
        m.put("numSent", sent);
        m.put("numTextSent", 0);
        m.put("numTotalSent", sent);
        m.put("numRecipientsClicked", clickers);
        m.put("numDelivered", delivered);
        m.put("numTextDelivered", 0);
        m.put("numTotalDelivered", delivered);
        m.put("percentageDelivered", pct(delivered, sent));
        m.put("percentageUniqueOpens", pct(uniqueOpens, delivered));
        m.put("percentageOpens", pct(sc.opens.size(), delivered));
        m.put("percentageUnsubscribes", pct(unsubs, delivered));
        m.put("percentageReplies", 0.0);
        m.put("percentageHardBounces", pct(hard, sent));
        m.put("percentageSoftBounces", pct(soft, sent));
        m.put("percentageUsersClicked", pct(clickers, delivered));
        m.put("percentageClicksToOpens", pct(clickers, uniqueOpens));
        m.put("revenue", String.format(Locale.ROOT, "$%,.2f", revenue));
        m.put("conversionRate", pct(sc.rois.size(), delivered));
        m.put("assistedRevenue", "$0.00");
        m.put("numOrders", sc.rois.size());
        m.put("numAssistedOrders", 0);
        return m;
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10000.0 / whole) / 100.0;
    }

    synchronized CampaignSend addSend(CampaignSend send) {
        sends.put(send.id(), send);
        return send;
    }

    synchronized Optional<CampaignSend> send(String id) {
        return Optional.ofNullable(sends.get(id));
    }

    synchronized void updateSend(CampaignSend send) {
        sends.put(send.id(), send);
    }

    // ---------------------------------------------------------------- surveys

    public synchronized Survey addSurvey(String name, Instant created) {
        Survey s = new Survey(nextSurveyId++, name, "Active", created, null, created);
        surveys.put(s.id(), s);
        return s;
    }

    /** Replaces the survey's pages and questions; the survey counts as modified (and with activity) at {@code when}. */
    public synchronized void setSurveyFields(int surveyId, List<SurveyPage> pages, Instant when) {
        Survey s = surveys.get(surveyId);
        if (s == null) {
            throw new IllegalArgumentException("No survey " + surveyId);
        }
        surveyPages.put(surveyId, List.copyOf(pages));
        surveys.put(surveyId, new Survey(s.id(), s.name(), s.state(), s.created(), s.lastResponse(), when));
    }

    synchronized List<SurveyPage> surveyFields(int surveyId) {
        return surveyPages.getOrDefault(surveyId, List.of());
    }

    public synchronized SurveyResponse addSurveyResponse(int surveyId, String email, Instant completed,
                                                         List<SurveyAnswer> answers) {
        Survey s = surveys.get(surveyId);
        if (s == null) {
            throw new IllegalArgumentException("No survey " + surveyId);
        }
        SurveyResponse r = new SurveyResponse(nextResponseId++, surveyId, email, true,
                completed.minusSeconds(90), true, completed, List.copyOf(answers));
        surveyResponses.add(r);
        if (s.lastResponse() == null || completed.isAfter(s.lastResponse())) {
            surveys.put(surveyId, new Survey(s.id(), s.name(), s.state(), s.created(), completed, s.modified()));
        }
        return r;
    }

    public synchronized List<Survey> surveys() {
        return List.copyOf(surveys.values());
    }

    synchronized List<Survey> surveysWithActivitySince(Instant since, int skip, int select) {
        // "Surveys that have changed since the date": a new response or a change to the survey itself.
        return surveys.values().stream().filter(s -> s.lastResponse() != null && !s.lastResponse().isBefore(since)
                        || !s.modified().isBefore(since))
                .skip(skip).limit(select).toList();
    }

    synchronized Optional<Survey> survey(int id) {
        return Optional.ofNullable(surveys.get(id));
    }

    synchronized List<SurveyResponse> responsesSince(int surveyId, Instant since, int skip, int select) {
        return surveyResponses.stream().filter(r -> r.surveyId() == surveyId)
                .filter(r -> !r.dateCompleted().isBefore(since))
                .sorted(Comparator.comparing(SurveyResponse::dateCompleted).thenComparingInt(SurveyResponse::id))
                .skip(skip).limit(select).toList();
    }

    // ---------------------------------------------------------------- preferences

    public synchronized Preference addPreferenceCategory(String name, Instant when) {
        Preference p = new Preference(nextPreferenceId++, name, name, false, 0, when, when);
        preferences.put(p.id(), p);
        return p;
    }

    /** @param categoryId 0 for a top-level preference */
    public synchronized Preference addPreference(String name, int categoryId, Instant when) {
        Preference p = new Preference(nextPreferenceId++, name, name, true, categoryId, when, when);
        preferences.put(p.id(), p);
        return p;
    }

    public synchronized List<Preference> preferences() {
        return List.copyOf(preferences.values());
    }

    synchronized Optional<Preference> preference(int id) {
        return Optional.ofNullable(preferences.get(id));
    }

    public synchronized OptIn setOptIn(String email, int preferenceId, boolean optedIn, Instant when) {
        if (!preferences.containsKey(preferenceId) || !preferences.get(preferenceId).isPreference()) {
            throw new IllegalArgumentException("No preference " + preferenceId);
        }
        StoredContact c = findOrCreate(email);
        OptIn o = new OptIn(c.id, preferenceId, optedIn, when);
        optIns.computeIfAbsent(c.id, k -> new LinkedHashMap<>()).put(preferenceId, o);
        c.modified = when.isAfter(c.modified) ? when : c.modified;
        return o;
    }

    public synchronized Map<Integer, Boolean> optInsOf(String email) {
        StoredContact c = stored(email);
        Map<Integer, Boolean> out = new LinkedHashMap<>();
        if (c != null) {
            optIns.getOrDefault(c.id, Map.of()).forEach((k, v) -> out.put(k, v.isOptedIn()));
        }
        return out;
    }

    synchronized Map<Integer, OptIn> optInsOf(int contactId) {
        return Map.copyOf(optIns.getOrDefault(contactId, Map.of()));
    }

    /** Contacts with an opt-in change on {@code preferenceId} at or after {@code since}, by contact id. */
    synchronized List<Map.Entry<Contact, OptIn>> optInsSince(int preferenceId, Instant since, int minContactId,
                                                            int skip, int select) {
        List<Map.Entry<Contact, OptIn>> out = new ArrayList<>();
        optIns.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(e -> e.getKey() >= minContactId)
                .forEach(e -> {
                    OptIn o = e.getValue().get(preferenceId);
                    StoredContact c = contactsById.get(e.getKey());
                    if (o != null && c != null && !o.dateModified().isBefore(since)) {
                        out.add(Map.entry(view(c), o));
                    }
                });
        return out.stream().skip(skip).limit(select).toList();
    }

    // ---------------------------------------------------------------- imports

    synchronized void addImport(ContactImport job) {
        imports.put(job.id(), job);
    }

    synchronized Optional<ContactImport> importJob(String id) {
        return Optional.ofNullable(imports.get(id));
    }

    public synchronized List<ContactImport> imports() {
        return List.copyOf(imports.values());
    }

    synchronized long activeImports() {
        return imports.values().stream().filter(i -> "NotFinished".equals(i.status())).count();
    }
}
