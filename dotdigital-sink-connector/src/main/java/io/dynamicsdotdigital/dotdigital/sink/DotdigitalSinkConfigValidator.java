package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.config.ConfigException;

/** The connector's validate(): field checks, cross-field checks, then a probe of the Dotdigital account. */
public final class DotdigitalSinkConfigValidator {
    /** How long validate() waits for the account probe. */
    public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private DotdigitalSinkConfigValidator() {
    }

    public static ConfigValidation validation() {
        return ConfigValidation.of(DotdigitalSinkConfig.configDef(), DotdigitalSinkConfig::new)
                .crossField(DotdigitalSinkConfigValidator::crossField)
                .connectivity(DotdigitalConfigDefs.API_PASSWORD, PROBE_TIMEOUT, DotdigitalSinkConfigValidator::probe);
    }

    /** Reads account-info (credentials, region); a configured address book id must exist. */
    static void probe(DotdigitalSinkConfig config, ConfigValidation.Errors errors) {
        try (DotdigitalClient client = DotdigitalClients.create(DotdigitalConfigDefs.settings(config),
                HttpConfigDefs.httpSettings(config), HttpConfigDefs.resilienceSettings(config).withMaxAttempts(2),
                null)) {
            client.accountInfo();
            Long id = config.addressBookId();
            if (id != null && client.addressBooks().stream().map(AddressBook::id).noneMatch(id::equals)) {
                errors.add(DotdigitalSinkConfig.ADDRESS_BOOK_ID, "the Dotdigital account has no address book " + id);
            }
        }
    }

    static void crossField(DotdigitalSinkConfig config, ConfigValidation.Errors errors) {
        if (config.addressBookId() != null && !config.addressBookName().isEmpty()) {
            errors.add(DotdigitalSinkConfig.ADDRESS_BOOK_NAME,
                    "set addressbook.id or addressbook.name, not both");
        }
        if (config.addressBookId() != null && config.addressBookId() <= 0) {
            errors.add(DotdigitalSinkConfig.ADDRESS_BOOK_ID, "must be a positive address book id");
        }
        if (config.addressBookName().length() > 128) {
            errors.add(DotdigitalSinkConfig.ADDRESS_BOOK_NAME, "Dotdigital allows at most 128 characters");
        }
        boolean listMembers = !config.listMemberTopic().isEmpty();
        if (config.v2CsvImport() && !config.hasFixedAddressBook()) {
            errors.add(DotdigitalSinkConfig.IMPORT_API,
                    "v2_csv imports into an address book: set addressbook.id or addressbook.name");
        }
        if (config.unsubscribeFromAddressBookOnly() && !config.hasFixedAddressBook()) {
            errors.add(DotdigitalSinkConfig.UNSUBSCRIBE_SCOPE,
                    "addressbook scope needs addressbook.id or addressbook.name");
        }
        if (DotdigitalSinkConfig.TOMBSTONE_REMOVE.equals(config.tombstoneAction()) && !config.hasFixedAddressBook()
                && !listMembers && explicitlySet(config, DotdigitalSinkConfig.TOMBSTONE_ACTION)) {
            errors.add(DotdigitalSinkConfig.TOMBSTONE_ACTION,
                    "remove_from_addressbook needs addressbook.id or addressbook.name");
        }
        try {
            config.listMemberMapping();
            config.checkTopicOverrides();
        } catch (ConfigException e) {
            errors.add(keyOf(e), e.getMessage());
        }
        String topics = String.valueOf(config.originals().getOrDefault("topics", ""));
        if (listMembers && !topics.isBlank()
                && Arrays.stream(topics.split(",")).map(String::trim).noneMatch(config.listMemberTopic()::equals)) {
            errors.add(DotdigitalSinkConfig.LISTMEMBER_TOPIC, "the topic '" + config.listMemberTopic()
                    + "' is not among the connector's topics (" + topics + ")");
        }
        for (String setting : List.of(PreferenceConfig.TOPIC, PreferenceConfig.CONSENT_TOPIC)) {
            String topic = config.getString(setting).trim();
            if (!topic.isEmpty() && !topics.isBlank()
                    && Arrays.stream(topics.split(",")).map(String::trim).noneMatch(topic::equals)) {
                errors.add(setting, "the topic '" + topic + "' is not among the connector's topics (" + topics + ")");
            }
        }
    }

    private static boolean explicitlySet(DotdigitalSinkConfig config, String key) {
        return config.originals().containsKey(key);
    }

    private static String keyOf(ConfigException e) {
        String m = String.valueOf(e.getMessage());
        String marker = "for configuration ";
        int at = m.indexOf(marker);
        if (at >= 0) {
            String rest = m.substring(at + marker.length());
            int end = rest.indexOf(':');
            return (end < 0 ? rest : rest.substring(0, end)).trim();
        }
        return DotdigitalSinkConfig.DATAFIELD_MAPPING;
    }

}
