package io.dynamicsdotdigital.emulator.dotdigital;

import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.contact;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.fault;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.instant;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.json;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.select;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.skip;
import static io.dynamicsdotdigital.emulator.dotdigital.SoapConversions.xml;

import com.apiconnector.ApiAccount;
import com.apiconnector.ApiAccountProperty;
import com.apiconnector.ApiAddressBook;
import com.apiconnector.ApiAddressBookVisibility;
import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactImport;
import com.apiconnector.ApiContactImportReport;
import com.apiconnector.ApiContactImportStatuses;
import com.apiconnector.ApiContactResubscription;
import com.apiconnector.ApiContactStatuses;
import com.apiconnector.ApiContactSuppression;
import com.apiconnector.ApiDataField;
import com.apiconnector.ApiDataFieldVisibility;
import com.apiconnector.ApiDataTypes;
import com.apiconnector.ApiResubscribeResult;
import com.apiconnector.ArrayOfApiAccountProperty;
import com.apiconnector.ArrayOfApiAddressBook;
import com.apiconnector.ArrayOfApiContact;
import com.apiconnector.ArrayOfApiContactSuppression;
import com.apiconnector.ArrayOfApiDataField;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.xml.datatype.XMLGregorianCalendar;

/**
 * The v2 SOAP operations on the account, contacts, suppressions, address books, imports and data fields, on the same
 * state as REST. Each public method answers the {@code ApiService} operation of the same name and parameter types
 * ({@link SoapOperationDispatcher}); errors are SOAP faults ending with Dotdigital's error code, as REST's are.
 */
final class SoapContactOperations {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;
    private final V2ContactWrites v2;

    SoapContactOperations(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
        this.v2 = new V2ContactWrites(emu);
    }

    private static ApiContactSuppression suppression(Suppression s, List<DataField> fields) {
        ApiContactSuppression a = new ApiContactSuppression();
        a.setSuppressedContact(contact(s.contact(), fields));
        a.setDateRemoved(xml(s.dateRemoved()));
        a.setReason(ApiContactStatuses.fromValue(s.reason()));
        return a;
    }

    // ---------------------------------------------------------------- account

    public ApiAccount getCurrentAccountInfo() {
        ApiAccount a = new ApiAccount();
        a.setId(emu.accountId());
        ArrayOfApiAccountProperty props = new ArrayOfApiAccountProperty();
        for (String[] p : new String[][] {{"Name", "String", "Emulated Account"},
                {"ApiEndpoint", "String", emu.accountRegionUrl()},
                {"ApiCallsRemaining", "Int32", "2000"}, {"TimeZoneIana", "String", "Etc/UTC"}}) {
            ApiAccountProperty prop = new ApiAccountProperty();
            prop.setName(p[0]);
            prop.setType(p[1]);
            prop.setValue(p[2]);
            props.getApiAccountProperty().add(prop);
        }
        a.setProperties(props);
        return a;
    }

    // ---------------------------------------------------------------- contacts

    public ApiContact getContactByEmail(String email) {
        return contact(state.contactByEmail(email).orElseThrow(() -> fault("Error: ERROR_CONTACT_NOT_FOUND")),
                state.dataFields());
    }

    public ApiContact getContactById(Integer id) {
        return contact(state.contactById(id == null ? -1 : id)
                .orElseThrow(() -> fault("Error: ERROR_CONTACT_NOT_FOUND")), state.dataFields());
    }

    public ApiContact createContact(ApiContact apiContact) {
        try {
            return contact(v2.upsert(json(apiContact)), state.dataFields());
        } catch (ApiError e) {
            throw fault(e);
        }
    }

    public ApiContact updateContact(ApiContact apiContact) {
        if (apiContact.getId() != null && apiContact.getEmail() == null) {
            apiContact.setEmail(state.contactById(apiContact.getId())
                    .orElseThrow(() -> fault("Error: ERROR_CONTACT_NOT_FOUND")).email());
        }
        return createContact(apiContact);
    }

    public ApiContact addContactToAddressBook(Integer addressBookId, ApiContact apiContact) {
        int bookId = addressBookId == null ? -1 : addressBookId;
        if (state.addressBook(bookId).isEmpty()) {
            throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
        }
        try {
            synchronized (state) {
                StoredContact existing = state.stored(apiContact.getEmail());
                if (existing != null && Model.isSuppressedStatus(existing.status)) {
                    throw fault("Contact is suppressed. ERROR_CONTACT_SUPPRESSED");
                }
                Contact saved = v2.upsert(json(apiContact));
                state.addToAddressBook(bookId, saved.email());
                return contact(saved, state.dataFields());
            }
        } catch (ApiError e) {
            throw fault(e);
        }
    }

    public void deleteContactFromAddressBook(Integer addressBookId, Integer contactId) {
        if (!state.removeFromAddressBook(addressBookId == null ? -1 : addressBookId, contactId == null ? -1
                : contactId) && state.addressBook(addressBookId == null ? -1 : addressBookId).isEmpty()) {
            throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
        }
    }

    public void unsubscribeContact(ApiContact apiContact) {
        if (!DotdigitalState.isValidEmail(apiContact.getEmail())) {
            throw fault("Email is not a valid email address. ERROR_PARAMETER_INVALID");
        }
        state.unsubscribe(apiContact.getEmail(), state.now());
    }

    public void unsubscribeContactFromAddressBook(Integer addressBookId, ApiContact apiContact) {
        if (!DotdigitalState.isValidEmail(apiContact.getEmail())) {
            throw fault("Email is not a valid email address. ERROR_PARAMETER_INVALID");
        }
        int bookId = addressBookId == null ? -1 : addressBookId;
        if (state.addressBook(bookId).isEmpty()) {
            throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
        }
        state.unsubscribeFromAddressBook(bookId, apiContact.getEmail(), state.now());
    }

    public ArrayOfApiContact getCampaignHardBouncingContacts(Integer campaignId, Boolean withFullData,
                                                             Integer select, Integer skip) {
        List<DataField> fields = Boolean.TRUE.equals(withFullData) ? state.dataFields() : null;
        ArrayOfApiContact out = new ArrayOfApiContact();
        for (Contact c : state.hardBouncingContacts(campaignId == null ? -1 : campaignId, skip(skip),
                select(select))) {
            out.getApiContact().add(contact(c, fields));
        }
        return out;
    }

    public ApiResubscribeResult resubscribeContact(ApiContactResubscription r) {
        ApiContact c = r.getUnsubscribedContact();
        if (c == null || !DotdigitalState.isValidEmail(c.getEmail())) {
            throw fault("Email is not a valid email address. ERROR_PARAMETER_INVALID");
        }
        try {
            return ApiResubscribeResult.fromValue(v2.resubscribe(c.getEmail(),
                    json(c).path("dataFields")).status());
        } catch (ApiError e) {
            throw fault(e);
        }
    }

    public ArrayOfApiContact getModifiedContacts(XMLGregorianCalendar startDate, Boolean withFullData,
                                                 Integer select, Integer skip) {
        Instant since = instant(startDate);
        List<DataField> fields = Boolean.TRUE.equals(withFullData) ? state.dataFields() : null;
        ArrayOfApiContact out = new ArrayOfApiContact();
        for (Contact c : state.contactsWhere(x -> !x.modified.isBefore(since),
                Comparator.comparing((StoredContact x) -> x.modified).thenComparingInt(x -> x.id), skip(skip),
                select(select))) {
            out.getApiContact().add(contact(c, fields));
        }
        return out;
    }

    public ArrayOfApiContactSuppression getSuppressedContacts(XMLGregorianCalendar startDate, Integer select,
                                                              Integer skip) {
        return suppressions(state.suppressionsSince(instant(startDate), s -> true, skip(skip), select(select)));
    }

    public ArrayOfApiContactSuppression getUnsubscribedContacts(XMLGregorianCalendar startDate, Integer select,
                                                                Integer skip) {
        return suppressions(state.suppressionsSince(instant(startDate), s -> "Unsubscribed".equals(s.reason()),
                skip(skip), select(select)));
    }

    public ArrayOfApiContactSuppression getUnsubscribedContactsInAddressBook(Integer addressBookId,
                                                                             XMLGregorianCalendar startDate,
                                                                             Integer select, Integer skip) {
        if (state.addressBook(addressBookId == null ? -1 : addressBookId).isEmpty()) {
            throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
        }
        return suppressions(state.bookUnsubscribesSince(addressBookId, instant(startDate), skip(skip),
                select(select)));
    }

    private ArrayOfApiContactSuppression suppressions(List<Suppression> rows) {
        List<DataField> fields = state.dataFields();
        ArrayOfApiContactSuppression out = new ArrayOfApiContactSuppression();
        rows.forEach(s -> out.getApiContactSuppression().add(suppression(s, fields)));
        return out;
    }

    // ---------------------------------------------------------------- address books

    public ApiAddressBook createAddressBook(ApiAddressBook b) {
        if (b.getName() == null || b.getName().isBlank() || b.getName().length() > 128) {
            throw fault("Name must be 1 to 128 characters. ERROR_PARAMETER_INVALID");
        }
        if (state.addressBookByName(b.getName()).isPresent()) {
            throw fault("Address book name already exists. ERROR_ADDRESSBOOK_DUPLICATE");
        }
        return book(state.createAddressBook(b.getName(),
                b.getVisibility() == null ? "Private" : b.getVisibility().value()));
    }

    public ArrayOfApiAddressBook getAddressBooks(Integer select, Integer skip) {
        ArrayOfApiAddressBook out = new ArrayOfApiAddressBook();
        state.addressBooks().stream().skip(skip(skip)).limit(select(select))
                .forEach(b -> out.getApiAddressBook().add(book(b)));
        return out;
    }

    private static ApiAddressBook book(AddressBook b) {
        ApiAddressBook a = new ApiAddressBook();
        a.setId(b.id());
        a.setName(b.name());
        a.setVisibility(ApiAddressBookVisibility.fromValue(b.visibility()));
        return a;
    }

    // ---------------------------------------------------------------- imports

    public ApiContactImport importContactsToAddressBook(Integer addressBookId, byte[] data, String dataType) {
        int bookId = addressBookId == null ? -1 : addressBookId;
        if (state.addressBook(bookId).isEmpty()) {
            throw fault("Error: ERROR_ADDRESSBOOK_NOT_FOUND");
        }
        if (dataType != null && !dataType.equalsIgnoreCase("CSV")) {
            throw fault("Only CSV data is emulated. ERROR_PARAMETER_INVALID");
        }
        Csv.Table table = Csv.parse(new String(data == null ? new byte[0] : data, StandardCharsets.UTF_8));
        try {
            ContactImport job = emu.imports().submitCsv(bookId, table.header(), table.rows(),
                    table.hasColumn("Email"), null);
            return importView(job);
        } catch (ContactImports.TooManyActiveImports e) {
            throw fault("Too many active imports. ERROR_IMPORT_TOOMANYACTIVEIMPORTS");
        }
    }

    private ContactImport job(String importId) {
        return state.importJob(importId).orElseThrow(() -> fault("Error: ERROR_IMPORT_NOT_FOUND"));
    }

    private static ApiContactImport importView(ContactImport job) {
        ApiContactImport a = new ApiContactImport();
        a.setId(job.id());
        a.setStatus(ApiContactImportStatuses.fromValue(job.status()));
        return a;
    }

    public ApiContactImport getContactImportProgress(String importId) {
        return importView(job(importId));
    }

    public ApiContactImportReport getContactImportReport(String importId) {
        ContactImport job = job(importId);
        if (!"Finished".equals(job.status())) {
            throw fault("The import is not finished. ERROR_IMPORT_REPORT_NOT_YET_READY");
        }
        Map<String, Integer> r = job.report();
        ApiContactImportReport a = new ApiContactImportReport();
        a.setNewContacts(r.getOrDefault("newContacts", 0));
        a.setUpdatedContacts(r.getOrDefault("updatedContacts", 0));
        a.setGloballySuppressed(r.getOrDefault("globallySuppressed", 0));
        a.setInvalidEntries(r.getOrDefault("invalidEntries", 0));
        a.setDuplicateEmails(r.getOrDefault("duplicateEmails", 0));
        a.setBlocked(0);
        a.setUnsubscribed(0);
        a.setHardBounced(0);
        a.setSoftBounced(0);
        a.setIspComplaints(0);
        a.setMailBlocked(0);
        a.setDomainSuppressed(0);
        a.setPendingDoubleOptin(0);
        a.setFailures(0);
        return a;
    }

    public byte[] getContactImportReportFaults(String importId) {
        return job(importId).faultsCsv().getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- data fields

    public ArrayOfApiDataField getDataFields() {
        ArrayOfApiDataField out = new ArrayOfApiDataField();
        for (DataField f : state.dataFields()) {
            ApiDataField a = new ApiDataField();
            a.setName(f.name());
            a.setType(ApiDataTypes.fromValue(f.type()));
            a.setVisibility(ApiDataFieldVisibility.fromValue(f.visibility()));
            a.setDefaultValue(f.defaultValue());
            out.getApiDataField().add(a);
        }
        return out;
    }

    public ApiDataField createDataField(ApiDataField f) {
        try {
            DataField created = state.addDataField(f.getName(), f.getType() == null ? "String" : f.getType().value(),
                    f.getVisibility() == null ? "Private" : f.getVisibility().value(), null);
            ApiDataField a = new ApiDataField();
            a.setName(created.name());
            a.setType(ApiDataTypes.fromValue(created.type()));
            a.setVisibility(ApiDataFieldVisibility.fromValue(created.visibility()));
            return a;
        } catch (IllegalStateException e) {
            throw fault("Field already exists. ERROR_NON_UNIQUE_DATAFIELD");
        } catch (IllegalArgumentException e) {
            throw fault("The data field " + e.getMessage() + " is not valid. ERROR_PARAMETER_INVALID");
        }
    }
}
