package io.dynamicsdotdigital.dotdigital.client.soap;

import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactImport;
import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.HttpClientFactory;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.AddressBookPaging;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignClick;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignOpen;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportApi;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import jakarta.xml.ws.BindingProvider;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.configuration.jsse.TLSClientParameters;
import org.apache.cxf.configuration.security.AuthorizationPolicy;
import org.apache.cxf.configuration.security.ProxyAuthorizationPolicy;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.cxf.transports.http.configuration.ProxyServerType;
import org.apache.kafka.common.config.types.Password;

/**
 * The SOAP transport: Dotdigital's v2 SOAP API through an Apache CXF proxy of the generated {@link ApiService}.
 * Calls the 2013 WSDL lacks (v3 import, since-date clicks and opens, surveys, preferences, CSV imports with a merge
 * option other than overwrite) go to the REST client given at construction; see the module README.
 */
public final class SoapDotdigitalClient implements DotdigitalClient {

    private final Bus bus;
    private final ApiService port;
    private final SoapCallPolicy policy;
    private final RestDotdigitalClient rest;
    private final String soapUrl;
    private final String apiUser;

    /**
     * @param rest the REST client for the operations the SOAP API lacks (same account)
     */
    public SoapDotdigitalClient(String soapUrl, String apiUser, Password apiPassword, HttpSettings httpSettings,
                                ResilienceSettings resilience, ApiCallListener listener, RestDotdigitalClient rest) {
        this.soapUrl = soapUrl;
        this.apiUser = apiUser;
        this.rest = rest;
        this.bus = BusFactory.newInstance().createBus();
        JaxWsProxyFactoryBean factory = new JaxWsProxyFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(ApiService.class);
        factory.setAddress(soapUrl);
        this.port = factory.create(ApiService.class);
        Client client = ClientProxy.getClient(port);
        configureConduit(client, apiUser, apiPassword, httpSettings);
        client.getInInterceptors().add(new HttpStatusInterceptor());
        ((BindingProvider) port).getRequestContext().put(HttpStatusInterceptor.NO_IO_EXCEPTIONS, Boolean.TRUE);
        this.policy = new SoapCallPolicy(apiUser, resilience, listener);
    }

    private static void configureConduit(Client client, String user, Password password, HttpSettings settings) {
        HTTPConduit conduit = (HTTPConduit) client.getConduit();
        AuthorizationPolicy auth = new AuthorizationPolicy();
        auth.setAuthorizationType("Basic");
        auth.setUserName(user);
        auth.setPassword(password.value());
        conduit.setAuthorization(auth);

        TLSClientParameters tls = new TLSClientParameters();
        tls.setSslContext(HttpClientFactory.sslContext(settings));
        conduit.setTlsClientParameters(tls);

        HTTPClientPolicy http = new HTTPClientPolicy();
        http.setConnectionTimeout(settings.connectTimeout().toMillis());
        http.setReceiveTimeout(settings.requestTimeout().toMillis());
        http.setAutoRedirect(false);
        if (settings.usesProxy()) {
            http.setProxyServer(settings.proxyHost());
            http.setProxyServerPort(settings.proxyPort());
            http.setProxyServerType(ProxyServerType.HTTP);
            if (!settings.proxyUser().isBlank()) {
                ProxyAuthorizationPolicy proxyAuth = new ProxyAuthorizationPolicy();
                proxyAuth.setUserName(settings.proxyUser());
                proxyAuth.setPassword(settings.proxyPassword().value());
                conduit.setProxyAuthorization(proxyAuth);
            }
        }
        conduit.setClient(http);
    }

    public String soapUrl() {
        return soapUrl;
    }

    // ---------------------------------------------------------------------------------------------- account

    @Override
    public AccountInfo accountInfo() {
        return SoapModelMapper.accountInfo(policy.call("GetCurrentAccountInfo", port::getCurrentAccountInfo));
    }

    // ---------------------------------------------------------------------------------------------- data fields

    @Override
    public List<DataField> dataFields() {
        var fields = policy.call("GetDataFields", port::getDataFields);
        return fields == null ? List.of() : fields.getApiDataField().stream().map(SoapModelMapper::dataField).toList();
    }

    @Override
    public void createDataField(DataField field) {
        try {
            policy.call("CreateDataField", () -> port.createDataField(SoapModelMapper.apiDataField(field)));
        } catch (DotdigitalApiException e) {
            if (!"ERROR_NON_UNIQUE_DATAFIELD".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- address books

    @Override
    public List<AddressBook> addressBooks() {
        return AddressBookPaging.readAll(skip -> {
            var books = policy.call("GetAddressBooks",
                    () -> port.getAddressBooks(AddressBookPaging.PAGE_SIZE, skip));
            return books == null ? List.of()
                    : books.getApiAddressBook().stream().map(SoapModelMapper::addressBook).toList();
        }, "SOAP GetAddressBooks");
    }

    @Override
    public AddressBook createAddressBook(String name, String visibility) {
        return SoapModelMapper.addressBook(policy.call("CreateAddressBook",
                () -> port.createAddressBook(SoapModelMapper.apiAddressBook(name, visibility))));
    }

    // ---------------------------------------------------------------------------------------------- contacts

    @Override
    public Optional<Contact> contact(String emailOrId) {
        try {
            ApiContact c = isNumericId(emailOrId)
                    ? policy.call("GetContactById", () -> port.getContactById(Integer.parseInt(emailOrId.trim())))
                    : policy.call("GetContactByEmail", () -> port.getContactByEmail(emailOrId));
            return Optional.ofNullable(SoapModelMapper.contact(c));
        } catch (DotdigitalApiException e) {
            if ("ERROR_CONTACT_NOT_FOUND".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean isNumericId(String v) {
        String t = v == null ? "" : v.trim();
        return !t.isEmpty() && t.length() <= 9 && t.chars().allMatch(Character::isDigit);
    }

    /** CreateContact for a new contact, UpdateContact (by id) for a known one, as REST's POST /v2/contacts. */
    @Override
    public Contact upsertContact(Contact contact) {
        long id = contact.id();
        if (id <= 0) {
            Optional<Contact> existing = contact(contact.email());
            if (existing.isEmpty()) {
                return SoapModelMapper.contact(policy.call("CreateContact",
                        () -> port.createContact(SoapModelMapper.apiContact(contact))));
            }
            id = existing.get().id();
        }
        Contact withId = contact.withId(id);
        return SoapModelMapper.contact(policy.call("UpdateContact",
                () -> port.updateContact(SoapModelMapper.apiContact(withId))));
    }

    @Override
    public Contact addContactToAddressBook(long addressBookId, Contact contact) {
        return SoapModelMapper.contact(policy.call("AddContactToAddressBook",
                () -> port.addContactToAddressBook(Math.toIntExact(addressBookId),
                        SoapModelMapper.apiContact(contact))));
    }

    @Override
    public void removeContactFromAddressBook(long addressBookId, long contactId) {
        try {
            policy.run("DeleteContactFromAddressBook", () -> port.deleteContactFromAddressBook(
                    Math.toIntExact(addressBookId), Math.toIntExact(contactId)));
        } catch (DotdigitalApiException e) {
            if (!"ERROR_CONTACT_NOT_FOUND".equals(e.errorCode())) {
                throw e;
            }
        }
    }

    /** SOAP's UnsubscribeContact returns nothing: the contact is read back; dateRemoved is not known (null). */
    @Override
    public ContactSuppression unsubscribe(String email) {
        ApiContact c = new ApiContact();
        c.setEmail(email);
        policy.run("UnsubscribeContact", () -> port.unsubscribeContact(c));
        return new ContactSuppression(readBack(email), null, "Unsubscribed");
    }

    @Override
    public ContactSuppression unsubscribeFromAddressBook(long addressBookId, String email) {
        ApiContact c = new ApiContact();
        c.setEmail(email);
        policy.run("UnsubscribeContactFromAddressBook",
                () -> port.unsubscribeContactFromAddressBook(Math.toIntExact(addressBookId), c));
        return new ContactSuppression(readBack(email), null, "Unsubscribed");
    }

    private Contact readBack(String email) {
        return contact(email).orElseGet(() -> Contact.of(email, Map.of()));
    }

    // ---------------------------------------------------------------------------------------------- imports

    /**
     * v2 CSV imports with the overwrite merge option go through ImportContactsToAddressBook; v3 imports and other
     * merge options (which the SOAP operation cannot express) go over REST.
     */
    @Override
    public ImportHandle startImport(ContactImport request) {
        if (request.api() != ImportApi.V2_CSV || request.mergeOption() != MergeOption.OVERWRITE) {
            return rest.startImport(request);
        }
        byte[] csv = ImportBodies.csv(request.contacts());
        if (csv.length > ImportBodies.MAX_IMPORT_BODY_BYTES) {
            throw new IllegalArgumentException("the CSV import of " + request.contacts().size() + " contacts is "
                    + csv.length + " bytes, above Dotdigital's limit of " + ImportBodies.MAX_IMPORT_BODY_BYTES
                    + " bytes; send smaller batches");
        }
        int book = Math.toIntExact(request.addressBookId());
        ApiContactImport started = policy.call("ImportContactsToAddressBook",
                () -> port.importContactsToAddressBook(book, csv, "CSV"));
        if (started == null || started.getId() == null || started.getId().isBlank()) {
            throw new DotdigitalApiException("Dotdigital SOAP ImportContactsToAddressBook accepted the import but"
                    + " returned no id", 200, "");
        }
        return new ImportHandle(started.getId(), ImportApi.V2_CSV);
    }

    @Override
    public ImportResult importStatus(ImportHandle handle) {
        if (handle.api() != ImportApi.V2_CSV) {
            return rest.importStatus(handle);
        }
        String id = handle.importId();
        ApiContactImport progress = policy.call("GetContactImportProgress", () -> port.getContactImportProgress(id));
        String status = progress == null || progress.getStatus() == null ? "Unknown" : progress.getStatus().value();
        if (!ImportResult.FINISHED.equalsIgnoreCase(status)) {
            return new ImportResult(id, status, ImportSummary.EMPTY, List.of());
        }
        try {
            ImportSummary summary = SoapModelMapper.importReport(
                    policy.call("GetContactImportReport", () -> port.getContactImportReport(id)));
            byte[] faults = policy.call("GetContactImportReportFaults", () -> port.getContactImportReportFaults(id));
            String csv = faults == null ? "" : new String(faults, StandardCharsets.UTF_8);
            return new ImportResult(id, status, summary, RestDotdigitalClient.parseFaultReport(csv));
        } catch (DotdigitalApiException e) {
            if (RestDotdigitalClient.REPORT_NOT_READY.equals(e.errorCode())) {
                return new ImportResult(id, ImportResult.NOT_FINISHED, ImportSummary.EMPTY, List.of());
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------------------------------------- since-date reads

    @Override
    public List<ContactSuppression> unsubscribedSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetUnsubscribedContacts",
                () -> port.getUnsubscribedContacts(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<ContactSuppression> suppressedSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetSuppressedContacts",
                () -> port.getSuppressedContacts(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<ContactSuppression> addressBookUnsubscribedSince(long addressBookId, Instant since, int select,
                                                                 int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetUnsubscribedContactsInAddressBook", () -> port.getUnsubscribedContactsInAddressBook(
                Math.toIntExact(addressBookId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiContactSuppression(), SoapModelMapper::suppression);
    }

    @Override
    public List<Contact> modifiedContactsSince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetModifiedContacts",
                () -> port.getModifiedContacts(SoapModelMapper.xmlDate(since), true, select, skip));
        return rows == null ? List.of() : map(rows.getApiContact(), SoapModelMapper::contact);
    }

    @Override
    public List<Campaign> campaigns(int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaigns", () -> port.getCampaigns(select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaign(), SoapModelMapper::campaign);
    }

    @Override
    public List<Campaign> campaignsWithActivitySince(Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetSentCampaignsWithActivitySinceDate",
                () -> port.getSentCampaignsWithActivitySinceDate(SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaign(), SoapModelMapper::campaign);
    }

    /** The SOAP summary has no revenue: revenue, assistedRevenue are null and numOrders 0. */
    @Override
    public CampaignSummary campaignSummary(long campaignId) {
        return SoapModelMapper.campaignSummary(campaignId, policy.call("GetCampaignSummary",
                () -> port.getCampaignSummary(Math.toIntExact(campaignId))));
    }

    @Override
    public List<CampaignActivity> campaignActivitiesSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignActivitiesSinceDate", () -> port.getCampaignActivitiesSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaignContactSummary(), SoapModelMapper::campaignActivity);
    }

    /** The SOAP API has clicks only without a since-date: over REST. */
    @Override
    public List<CampaignClick> campaignClicksSince(long campaignId, Instant since, int select, int skip) {
        return rest.campaignClicksSince(campaignId, since, select, skip);
    }

    /** The SOAP API has opens only without a since-date: over REST. */
    @Override
    public List<CampaignOpen> campaignOpensSince(long campaignId, Instant since, int select, int skip) {
        return rest.campaignOpensSince(campaignId, since, select, skip);
    }

    @Override
    public List<CampaignPageView> campaignPageViewsSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignPageViewsSinceDate", () -> port.getCampaignPageViewsSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of() : map(rows.getApiCampaignContactPageView(), SoapModelMapper::campaignPageView);
    }

    @Override
    public List<CampaignRoiDetail> campaignRoiDetailsSince(long campaignId, Instant since, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignRoiDetailsSinceDate", () -> port.getCampaignRoiDetailsSinceDate(
                Math.toIntExact(campaignId), SoapModelMapper.xmlDate(since), select, skip));
        return rows == null ? List.of()
                : map(rows.getApiCampaignContactRoiDetail(), SoapModelMapper::campaignRoiDetail);
    }

    @Override
    public List<Contact> campaignHardBouncingContacts(long campaignId, int select, int skip) {
        requirePaging(select, skip);
        var rows = policy.call("GetCampaignHardBouncingContacts", () -> port.getCampaignHardBouncingContacts(
                Math.toIntExact(campaignId), true, select, skip));
        return rows == null ? List.of() : map(rows.getApiContact(), SoapModelMapper::contact);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<Survey> surveysWithActivitySince(Instant since, int select, int skip) {
        return rest.surveysWithActivitySince(since, select, skip);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<SurveyResponse> surveyResponsesSince(long surveyId, Instant since, int select, int skip) {
        return rest.surveyResponsesSince(surveyId, since, select, skip);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<ContactPreferenceOptIns> preferenceOptInsSince(long preferenceId, Instant since, int select,
                                                               int minContactId) {
        return rest.preferenceOptInsSince(preferenceId, since, select, minContactId);
    }

    /** Not in the SOAP API: over REST. */
    @Override
    public List<Preference> preferences() {
        return rest.preferences();
    }

    private static <A, B> List<B> map(List<A> rows, Function<A, B> mapper) {
        List<B> out = new ArrayList<>(rows.size());
        for (A row : rows) {
            out.add(mapper.apply(row));
        }
        return out;
    }

    private static void requirePaging(int select, int skip) {
        if (select < 1 || select > 1000) {
            throw new IllegalArgumentException("select must be 1..1000 over SOAP but was " + select);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative but was " + skip);
        }
    }

    @Override
    public void close() {
        try {
            ClientProxy.getClient(port).destroy();
        } finally {
            bus.shutdown(false);
        }
    }

    @Override
    public String toString() {
        return "SoapDotdigitalClient{" + soapUrl + ", HTTP Basic user " + apiUser + "}";
    }
}
