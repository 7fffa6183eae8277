package io.dynamicsdotdigital.dotdigital.sink.addressbook;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Address book ids by name (created when missing) and a check that a given id exists. */
public final class AddressBookResolver {
    private static final Logger log = LoggerFactory.getLogger(AddressBookResolver.class);
    private static final int MAX_NAME = 128;

    private final DotdigitalClient client;
    private final String visibility;
    private final Map<String, Long> idsByName = new HashMap<>();
    private final Set<Long> knownIds = new HashSet<>();
    private boolean loaded;

    public AddressBookResolver(DotdigitalClient client, String visibility) {
        this.client = client;
        this.visibility = visibility;
    }

    private void load() {
        idsByName.clear();
        knownIds.clear();
        for (AddressBook b : client.addressBooks()) {
            idsByName.put(key(b.name()), b.id());
            knownIds.add(b.id());
        }
        loaded = true;
    }

    /** The id of the address book with this name, creating it when missing. */
    public long byName(String name) {
        String trimmed = name.trim();
        if (trimmed.length() > MAX_NAME) {
            trimmed = trimmed.substring(0, MAX_NAME);
        }
        if (!loaded) {
            load();
        }
        Long id = idsByName.get(key(trimmed));
        if (id != null) {
            return id;
        }
        AddressBook created = client.addressBookByName(trimmed)
                .orElseGet(() -> client.createAddressBook(name.trim().length() > MAX_NAME
                        ? name.trim().substring(0, MAX_NAME) : name.trim(), visibility));
        idsByName.put(key(trimmed), created.id());
        knownIds.add(created.id());
        log.info("Using Dotdigital address book '{}' (id {})", created.name(), created.id());
        return created.id();
    }

    /** @throws RejectedRecordException UNKNOWN_ADDRESS_BOOK when the account has no address book with this id */
    public long requireId(long id, String source) {
        if (!loaded) {
            load();
        }
        if (!knownIds.contains(id)) {
            load();
        }
        if (!knownIds.contains(id)) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_ADDRESS_BOOK,
                    "address book " + id + " (from " + source + ") does not exist in the Dotdigital account");
        }
        return id;
    }

    /** A target written as digits is an id, anything else a name. */
    public long resolve(String idOrName, String source) {
        String t = idOrName.trim();
        if (t.matches("\\d{1,18}")) {
            return requireId(Long.parseLong(t), source);
        }
        return byName(t);
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }
}
