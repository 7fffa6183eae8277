package io.dynamicsdotdigital.dynamics.sink.link;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/**
 * For write.mode=remove_list_member: which marketing list an address-book record concerns. The mapping has the
 * form of the Dotdigital sink's {@code listmember.addressbook.mapping} (listid:addressBookId), so one value serves
 * both directions.
 */
public record ListMembership(Map<String, String> listByAddressBook, String addressBookField) {
    public static final String GROUP = "Marketing list removal";
    public static final String MAPPING = "list.addressbook.mapping";
    public static final String ADDRESS_BOOK_FIELD = "list.addressbook.field";

    public static void define(ConfigDef def) {
        int order = 0;
        def.define(MAPPING, Type.LIST, "", Importance.MEDIUM,
                        "For write.mode=remove_list_member: static marketing lists and the Dotdigital address books"
                                + " they sync with, as listid:addressBookId pairs (the value of the Dotdigital sink's"
                                + " listmember.addressbook.mapping, with address book ids). A record of an address"
                                + " book not listed goes to the dead-letter queue.",
                        GROUP, ++order, Width.LONG, "List to address book")
                .define(ADDRESS_BOOK_FIELD, Type.STRING, "addressBookId", Importance.LOW,
                        "For write.mode=remove_list_member: the record field holding the Dotdigital address book id.",
                        GROUP, ++order, Width.MEDIUM, "Address book field");
    }

    public static ListMembership of(AbstractConfig config) {
        Map<String, String> byBook = new LinkedHashMap<>();
        for (String entry : config.getList(MAPPING)) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            String list = colon < 0 ? "" : e.substring(0, colon).trim();
            String book = colon < 0 ? "" : e.substring(colon + 1).trim();
            if (!io.dynamicsdotdigital.dataverse.client.ODataLiterals.GUID.matcher(list).matches()
                    || !book.matches("[0-9]+")) {
                throw new ConfigException(MAPPING, entry, "each entry must be listid:addressBookId (a list GUID and"
                        + " a numeric address book id)");
            }
            if (byBook.put(book, list.toLowerCase(Locale.ROOT)) != null) {
                throw new ConfigException(MAPPING, entry, "address book " + book + " appears twice");
            }
        }
        return new ListMembership(byBook, config.getString(ADDRESS_BOOK_FIELD).trim());
    }

    /** The list an address book id maps to, or null. */
    public String listOf(Object addressBookId) {
        if (addressBookId == null) {
            return null;
        }
        String id = addressBookId instanceof Number n ? Long.toString(n.longValue()) : addressBookId.toString().trim();
        return listByAddressBook.get(id);
    }
}
