package io.dynamicsdotdigital.emulator.dotdigital;

import com.apiconnector.ApiAccount;
import com.apiconnector.ApiAccountProperty;
import com.apiconnector.ApiAddressBook;
import com.apiconnector.ApiAddressBookVisibility;
import com.apiconnector.ApiCampaign;
import com.apiconnector.ApiCampaignContactClick;
import com.apiconnector.ApiCampaignContactOpen;
import com.apiconnector.ApiCampaignContactPageView;
import com.apiconnector.ApiCampaignContactRoiDetail;
import com.apiconnector.ApiCampaignContactSummary;
import com.apiconnector.ApiCampaignFromAddress;
import com.apiconnector.ApiCampaignReplyActions;
import com.apiconnector.ApiCampaignSend;
import com.apiconnector.ApiCampaignSendStatuses;
import com.apiconnector.ApiCampaignStatuses;
import com.apiconnector.ApiCampaignSummary;
import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactData;
import com.apiconnector.ApiContactEmailTypes;
import com.apiconnector.ApiContactImport;
import com.apiconnector.ApiContactImportReport;
import com.apiconnector.ApiContactImportStatuses;
import com.apiconnector.ApiContactOptInTypes;
import com.apiconnector.ApiContactResubscription;
import com.apiconnector.ApiContactStatuses;
import com.apiconnector.ApiContactSuppression;
import com.apiconnector.ApiDataField;
import com.apiconnector.ApiDataFieldVisibility;
import com.apiconnector.ApiDataTypes;
import com.apiconnector.ApiResubscribeResult;
import com.apiconnector.ApiRoiDetailDataTypes;
import com.apiconnector.ArrayOfApiAccountProperty;
import com.apiconnector.ArrayOfApiAddressBook;
import com.apiconnector.ArrayOfApiCampaign;
import com.apiconnector.ArrayOfApiCampaignContactClick;
import com.apiconnector.ArrayOfApiCampaignContactOpen;
import com.apiconnector.ArrayOfApiCampaignContactPageView;
import com.apiconnector.ArrayOfApiCampaignContactRoiDetail;
import com.apiconnector.ArrayOfApiCampaignContactSummary;
import com.apiconnector.ArrayOfApiContact;
import com.apiconnector.ArrayOfApiContactData;
import com.apiconnector.ArrayOfApiContactSuppression;
import com.apiconnector.ArrayOfApiDataField;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.schemas._2003._10.serialization.arrays.ArrayOfint;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Activity;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Click;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Open;
import io.dynamicsdotdigital.emulator.dotdigital.Model.PageView;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Roi;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.cxf.binding.soap.SoapFault;

/**
 * The v2 SOAP operations the connectors use, on the same state as REST. Errors become SOAP faults whose text ends
 * with Dotdigital's error code, as the REST messages do. Each public method answers the {@code ApiService}
 * operation of the same name and parameter types ({@link SoapOperationDispatcher}); other operations fault.
 */
final class DotdigitalSoapService {
    private static final DatatypeFactory XML_DATES;

    static {
        try {
            XML_DATES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DotdigitalEmulator emu;
    private final DotdigitalState state;
    private final V2ContactWrites v2;

    DotdigitalSoapService(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
        this.v2 = new V2ContactWrites(emu);
    }

    private static SoapFault fault(String message) {
        return new SoapFault(message, SoapFault.FAULT_CODE_CLIENT);
    }

    /** REST errors carry a JSON {message}; SOAP callers get the message text as the fault string. */
    private static SoapFault fault(ApiError e) {
        String body = e.body == null ? "ERROR_PARAMETER_INVALID" : e.body;
        try {
            JsonNode n = HttpCall.JSON.readTree(body);
            String text = n.hasNonNull("message") ? n.get("message").asText() : n.path("description").asText(body);
            return fault(text);
        } catch (java.io.IOException ex) {
            return fault(body);
        }
    }

    static XMLGregorianCalendar xml(Instant when) {
        if (when == null) {
            return null;
        }
        return XML_DATES.newXMLGregorianCalendar(GregorianCalendar.from(when.atZone(ZoneOffset.UTC)));
    }

    static Instant instant(XMLGregorianCalendar cal) {
        if (cal == null) {
            return Instant.EPOCH;
        }
        if (cal.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            cal = (XMLGregorianCalendar) cal.clone();
            cal.setTimezone(0);
        }
        return cal.toGregorianCalendar().toInstant();
    }

    private static int select(Integer select) {
        int s = select == null ? 1000 : select;
        if (s < 1 || s > 1000) {
            throw fault("select must be between 1 and 1000. ERROR_PARAMETER_INVALID");
        }
        return s;
    }

    private static int skip(Integer skip) {
        int s = skip == null ? 0 : skip;
        if (s < 0) {
            throw fault("skip must not be negative. ERROR_PARAMETER_INVALID");
        }
        return s;
    }

    ApiContact contact(Contact c, List<DataField> fields) {
        ApiContact a = new ApiContact();
        a.setId(c.id());
        a.setEmail(c.email());
        a.setOptInType(ApiContactOptInTypes.fromValue(c.optInType()));
        a.setEmailType(ApiContactEmailTypes.fromValue(c.emailType()));
        a.setStatus(ApiContactStatuses.fromValue(c.status()));
        ArrayOfApiContactData data = new ArrayOfApiContactData();
        if (fields != null) {
            for (DataField f : fields) {
                ApiContactData d = new ApiContactData();
                d.setKey(f.name());
                Object v = c.dataFields().get(f.name());
                if (v != null && "Date".equals(f.type())) {
                    v = xml(Dates.parse(v.toString()).orElse(null));
                }
                d.setValue(v);
                data.getApiContactData().add(d);
            }
        }
        a.setDataFields(data);
        return a;
    }

    private ApiContactSuppression suppression(Suppression s, List<DataField> fields) {
        ApiContactSuppression a = new ApiContactSuppression();
        a.setSuppressedContact(contact(s.contact(), fields));
        a.setDateRemoved(xml(s.dateRemoved()));
        a.setReason(ApiContactStatuses.fromValue(s.reason()));
        return a;
    }

    /** The SOAP ApiContact as the JSON body the REST code path reads. */
    private static ObjectNode json(ApiContact c) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("email", c.getEmail());
        if (c.getOptInType() != null) {
            n.put("optInType", c.getOptInType().value());
        }
        if (c.getEmailType() != null) {
            n.put("emailType", c.getEmailType().value());
        }
        ArrayNode fields = n.putArray("dataFields");
        if (c.getDataFields() != null) {
            for (ApiContactData d : c.getDataFields().getApiContactData()) {
                ObjectNode kv = fields.addObject();
                kv.put("key", d.getKey());
                Object v = d.getValue();
                if (v instanceof XMLGregorianCalendar x) {
                    kv.put("value", Dates.format(instant(x)));
                } else if (v instanceof Number num) {
                    kv.put("value", new java.math.BigDecimal(num.toString()));
                } else if (v instanceof Boolean b) {
                    kv.put("value", b);
                } else if (v != null) {
                    kv.put("value", v.toString());
                } else {
                    kv.putNull("value");
                }
            }
        }
        return n;
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

    // ---------------------------------------------------------------- campaigns

    private static ApiCampaign campaign(Campaign c) {
        ApiCampaign a = new ApiCampaign();
        a.setId(c.id());
        a.setName(c.name());
        a.setSubject(c.subject());
        a.setFromName(c.fromName());
        ApiCampaignFromAddress from = new ApiCampaignFromAddress();
        from.setId(c.fromAddressId());
        from.setEmail(c.fromAddress());
        a.setFromAddress(from);
        a.setHtmlContent("<html><body>" + c.name() + "</body></html>");
        a.setPlainTextContent(c.name());
        a.setReplyAction(ApiCampaignReplyActions.UNSET);
        a.setReplyToAddress("");
        a.setIsSplitTest(false);
        a.setStatus(ApiCampaignStatuses.fromValue(c.status()));
        return a;
    }

    private int campaignId(Integer id) {
        int cid = id == null ? -1 : id;
        if (state.campaign(cid).isEmpty()) {
            throw fault("Error: ERROR_CAMPAIGN_NOT_FOUND");
        }
        return cid;
    }

    public ArrayOfApiCampaign getCampaigns(Integer select, Integer skip) {
        ArrayOfApiCampaign out = new ArrayOfApiCampaign();
        state.campaigns().stream().skip(skip(skip)).limit(select(select))
                .forEach(c -> out.getApiCampaign().add(campaign(c)));
        return out;
    }

    public ApiCampaign getCampaignById(Integer id) {
        return campaign(state.campaign(campaignId(id)).orElseThrow());
    }

    public ArrayOfApiCampaign getSentCampaignsWithActivitySinceDate(XMLGregorianCalendar startDate, Integer select,
                                                                    Integer skip) {
        ArrayOfApiCampaign out = new ArrayOfApiCampaign();
        state.campaignsWithActivitySince(instant(startDate), skip(skip), select(select))
                .forEach(c -> out.getApiCampaign().add(campaign(c)));
        return out;
    }

    public ApiCampaignSummary getCampaignSummary(Integer campaignId) {
        Map<String, Object> m = state.summary(campaignId(campaignId));
        ApiCampaignSummary s = new ApiCampaignSummary();
        s.setDateSent(xml(Dates.parse((String) m.get("dateSent")).orElse(null)));
        s.setNumUniqueOpens((Integer) m.get("numUniqueOpens"));
        s.setNumTotalUniqueOpens((Integer) m.get("numTotalUniqueOpens"));
        s.setNumOpens((Integer) m.get("numOpens"));
        s.setNumTotalOpens((Integer) m.get("numTotalOpens"));
        s.setNumClicks((Integer) m.get("numClicks"));
        s.setNumTotalClicks((Integer) m.get("numTotalClicks"));
        s.setNumPageViews((Integer) m.get("numPageViews"));
        s.setNumTotalPageViews((Integer) m.get("numTotalPageViews"));
        s.setNumHardBounces((Integer) m.get("numHardBounces"));
        s.setNumTotalHardBounces((Integer) m.get("numTotalHardBounces"));
        s.setNumSoftBounces((Integer) m.get("numSoftBounces"));
        s.setNumUnsubscribes((Integer) m.get("numUnsubscribes"));
        s.setNumTotalUnsubscribes((Integer) m.get("numTotalUnsubscribes"));
        s.setNumSent((Integer) m.get("numSent"));
        s.setNumTotalSent((Integer) m.get("numTotalSent"));
        s.setNumRecipientsClicked((Integer) m.get("numRecipientsClicked"));
        s.setNumDelivered((Integer) m.get("numDelivered"));
        s.setNumTotalDelivered((Integer) m.get("numTotalDelivered"));
        s.setPercentageDelivered((Double) m.get("percentageDelivered"));
        s.setPercentageUniqueOpens((Double) m.get("percentageUniqueOpens"));
        s.setPercentageOpens((Double) m.get("percentageOpens"));
        s.setPercentageUnsubscribes((Double) m.get("percentageUnsubscribes"));
        s.setPercentageHardBounces((Double) m.get("percentageHardBounces"));
        s.setPercentageSoftBounces((Double) m.get("percentageSoftBounces"));
        s.setPercentageUsersClicked((Double) m.get("percentageUsersClicked"));
        s.setPercentageClicksToOpens((Double) m.get("percentageClicksToOpens"));
        return s;
    }

    public ArrayOfApiCampaignContactSummary getCampaignActivitiesSinceDate(Integer campaignId,
                                                                           XMLGregorianCalendar startDate,
                                                                           Integer select, Integer skip) {
        ArrayOfApiCampaignContactSummary out = new ArrayOfApiCampaignContactSummary();
        for (Activity a : state.activitiesSince(campaignId(campaignId), instant(startDate), skip(skip),
                select(select))) {
            ApiCampaignContactSummary s = new ApiCampaignContactSummary();
            s.setContactId(a.contactId());
            s.setEmail(a.email());
            s.setNumOpens(a.numOpens());
            s.setNumPageViews(a.numPageViews());
            s.setNumClicks(a.numClicks());
            s.setNumForwards(a.numForwards());
            s.setNumEstimatedForwards(a.numEstimatedForwards());
            s.setNumReplies(a.numReplies());
            s.setDateSent(xml(a.dateSent()));
            s.setDateFirstOpened(xml(a.dateFirstOpened()));
            s.setDateLastOpened(xml(a.dateLastOpened()));
            s.setFirstOpenIp(a.firstOpenIp());
            s.setUnsubscribed(a.unsubscribed());
            s.setSoftBounced(a.softBounced());
            s.setHardBounced(a.hardBounced());
            out.getApiCampaignContactSummary().add(s);
        }
        return out;
    }

    /** The 2013 SOAP operation has no start date: all clicks, paged. */
    public ArrayOfApiCampaignContactClick getCampaignClicks(Integer campaignId, Integer select, Integer skip) {
        ArrayOfApiCampaignContactClick out = new ArrayOfApiCampaignContactClick();
        for (Click c : state.clicksSince(campaignId(campaignId), Instant.EPOCH, skip(skip), select(select))) {
            ApiCampaignContactClick a = new ApiCampaignContactClick();
            a.setContactId(c.contactId());
            a.setEmail(c.email());
            a.setUrl(c.url());
            a.setIpAddress(c.ipAddress());
            a.setUserAgent(c.userAgent());
            a.setDateClicked(xml(c.dateClicked()));
            a.setKeyword(c.keyword());
            out.getApiCampaignContactClick().add(a);
        }
        return out;
    }

    /** The 2013 SOAP operation has no start date: all opens, paged. */
    public ArrayOfApiCampaignContactOpen getCampaignOpens(Integer campaignId, Integer select, Integer skip) {
        ArrayOfApiCampaignContactOpen out = new ArrayOfApiCampaignContactOpen();
        for (Open o : state.opensSince(campaignId(campaignId), Instant.EPOCH, skip(skip), select(select))) {
            ApiCampaignContactOpen a = new ApiCampaignContactOpen();
            a.setContactId(o.contactId());
            a.setEmail(o.email());
            a.setMailClient(o.mailClient());
            a.setMailClientVersion(o.mailClientVersion());
            a.setIpAddress(o.ipAddress());
            a.setUserAgent(o.userAgent());
            a.setIsHtml(o.isHtml());
            a.setIsForward(o.isForward());
            a.setDateOpened(xml(o.dateOpened()));
            out.getApiCampaignContactOpen().add(a);
        }
        return out;
    }

    public ArrayOfApiCampaignContactPageView getCampaignPageViewsSinceDate(Integer campaignId,
                                                                           XMLGregorianCalendar startDate,
                                                                           Integer select, Integer skip) {
        ArrayOfApiCampaignContactPageView out = new ArrayOfApiCampaignContactPageView();
        for (PageView p : state.pageViewsSince(campaignId(campaignId), instant(startDate), skip(skip),
                select(select))) {
            ApiCampaignContactPageView a = new ApiCampaignContactPageView();
            a.setContactId(p.contactId());
            a.setEmail(p.email());
            a.setUrl(p.url());
            a.setDateViewed(xml(p.dateViewed()));
            out.getApiCampaignContactPageView().add(a);
        }
        return out;
    }

    public ArrayOfApiCampaignContactRoiDetail getCampaignRoiDetailsSinceDate(Integer campaignId,
                                                                             XMLGregorianCalendar startDate,
                                                                             Integer select, Integer skip) {
        ArrayOfApiCampaignContactRoiDetail out = new ArrayOfApiCampaignContactRoiDetail();
        for (Roi r : state.roisSince(campaignId(campaignId), instant(startDate), skip(skip), select(select))) {
            ApiCampaignContactRoiDetail a = new ApiCampaignContactRoiDetail();
            a.setContactId(r.contactId());
            a.setEmail(r.email());
            a.setMarkerName(r.markerName());
            a.setDataType(ApiRoiDetailDataTypes.fromValue(r.dataType()));
            a.setValue(r.value());
            a.setDateEntered(xml(r.dateEntered()));
            out.getApiCampaignContactRoiDetail().add(a);
        }
        return out;
    }

    public ApiCampaignSend sendCampaign(ApiCampaignSend send) {
        int cid = campaignId(send.getCampaignId());
        List<Integer> books = send.getAddressBookIds() == null ? List.of()
                : new ArrayList<>(send.getAddressBookIds().getInt());
        List<Integer> contacts = send.getContactIds() == null ? List.of()
                : new ArrayList<>(send.getContactIds().getInt());
        if (books.isEmpty() && contacts.isEmpty()) {
            throw fault("addressBookIds and contactIds are both empty: Dotdigital would send to every contact, "
                    + "the emulator refuses. ERROR_PARAMETER_INVALID");
        }
        Instant when = send.getSendDate() == null ? state.now() : instant(send.getSendDate());
        return send(emu.startSend(new CampaignSend(UUID.randomUUID().toString(), cid, books, contacts, when,
                "Scheduled")));
    }

    public ApiCampaignSend getCampaignSendProgress(String sendId) {
        return send(emu.sendProgress(sendId).orElseThrow(() -> fault("Error: ERROR_CAMPAIGN_SEND_NOT_FOUND")));
    }

    private static ApiCampaignSend send(CampaignSend s) {
        ApiCampaignSend a = new ApiCampaignSend();
        a.setId(s.id());
        a.setCampaignId(s.campaignId());
        ArrayOfint books = new ArrayOfint();
        books.getInt().addAll(s.addressBookIds());
        a.setAddressBookIds(books);
        ArrayOfint contacts = new ArrayOfint();
        contacts.getInt().addAll(s.contactIds());
        a.setContactIds(contacts);
        a.setSendDate(xml(s.sendDate()));
        a.setStatus(ApiCampaignSendStatuses.fromValue(s.status()));
        return a;
    }
}
