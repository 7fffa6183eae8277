package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.List;
import java.util.Objects;

/**
 * A bulk import request.
 *
 * @param api           which import API to use
 * @param addressBookId the address book to add the contacts to; required for {@link ImportApi#V2_CSV}, optional
 *                      (null) for v3
 * @param mergeOption   how values merge with existing data
 * @param contacts      the contacts (email plus data fields; optInType and emailType when set)
 */
public record ContactImport(ImportApi api, Long addressBookId, MergeOption mergeOption, List<Contact> contacts) {

    public ContactImport {
        Objects.requireNonNull(api, "api");
        mergeOption = mergeOption == null ? MergeOption.OVERWRITE : mergeOption;
        contacts = List.copyOf(contacts);
        if (contacts.isEmpty()) {
            throw new IllegalArgumentException("an import needs at least one contact");
        }
        if (api == ImportApi.V2_CSV && addressBookId == null) {
            throw new IllegalArgumentException("a v2 CSV import needs an address book id");
        }
    }

    public static ContactImport v3(Long addressBookId, MergeOption mergeOption, List<Contact> contacts) {
        return new ContactImport(ImportApi.V3_JSON, addressBookId, mergeOption, contacts);
    }

    public static ContactImport v2Csv(long addressBookId, MergeOption mergeOption, List<Contact> contacts) {
        return new ContactImport(ImportApi.V2_CSV, addressBookId, mergeOption, contacts);
    }
}
