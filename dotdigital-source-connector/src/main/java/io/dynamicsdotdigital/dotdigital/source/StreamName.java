package io.dynamicsdotdigital.dotdigital.source;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The streams this connector can read. Each goes to its own topic and keeps its own source partitions; {@link Scope}
 * says whether a stream has one partition for the account or one per campaign, address book, survey or preference.
 */
public enum StreamName {
    CAMPAIGNS("campaigns", Scope.ACCOUNT, true),
    CAMPAIGN_ACTIVITIES("campaign-activities", Scope.CAMPAIGN, true),
    CAMPAIGN_CLICKS("campaign-clicks", Scope.CAMPAIGN, true),
    CAMPAIGN_OPENS("campaign-opens", Scope.CAMPAIGN, true),
    CAMPAIGN_PAGE_VIEWS("campaign-page-views", Scope.CAMPAIGN, true),
    CAMPAIGN_ROI("campaign-roi", Scope.CAMPAIGN, true),
    CAMPAIGN_HARD_BOUNCES("campaign-hard-bounces", Scope.CAMPAIGN, true),
    UNSUBSCRIBES("unsubscribes", Scope.ACCOUNT, true),
    SUPPRESSIONS("suppressions", Scope.ACCOUNT, true),
    ADDRESS_BOOK_UNSUBSCRIBES("address-book-unsubscribes", Scope.ADDRESS_BOOK, true),
    CONTACTS_MODIFIED("contacts-modified", Scope.ACCOUNT, false),
    SURVEY_RESPONSES("survey-responses", Scope.SURVEY, true),
    PREFERENCE_OPT_INS("preference-opt-ins", Scope.PREFERENCE, false),
    PREFERENCES("preferences", Scope.ACCOUNT, false);

    /** What one source partition of the stream covers. */
    public enum Scope {
        ACCOUNT(null), CAMPAIGN("campaignId"), ADDRESS_BOOK("addressBookId"), SURVEY("surveyId"),
        PREFERENCE("preferenceId");

        private final String partitionField;

        Scope(String partitionField) {
            this.partitionField = partitionField;
        }

        /** The source-partition field holding the scope's id, or null for account-wide streams. */
        public String partitionField() {
            return partitionField;
        }
    }

    private final String configName;
    private final Scope scope;
    private final boolean enabledByDefault;

    StreamName(String configName, Scope scope, boolean enabledByDefault) {
        this.configName = configName;
        this.scope = scope;
        this.enabledByDefault = enabledByDefault;
    }

    /** The name used in the {@code streams} setting, topic names, headers and source partitions. */
    public String configName() {
        return configName;
    }

    public Scope scope() {
        return scope;
    }

    public boolean campaignScoped() {
        return scope == Scope.CAMPAIGN;
    }

    public static Optional<StreamName> fromConfigName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.configName.equals(n)).findFirst();
    }

    public static List<String> allConfigNames() {
        return Arrays.stream(values()).map(StreamName::configName).toList();
    }

    public static List<String> defaultConfigNames() {
        return Arrays.stream(values()).filter(s -> s.enabledByDefault).map(StreamName::configName).toList();
    }

    @Override
    public String toString() {
        return configName;
    }
}
