package io.dynamicsdotdigital.dotdigital.client.soap;

import com.apiconnector.ApiContact;
import io.dynamicsdotdigital.common.http.ApiCallListener;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.AddressBookPaging;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.ActivityReads;
import io.dynamicsdotdigital.dotdigital.client.DelegatedActivityReads;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import jakarta.xml.ws.BindingProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.kafka.common.config.types.Password;

/**
 * The SOAP transport: Dotdigital's v2 SOAP API through an Apache CXF proxy of the generated {@link ApiService}.
 * Calls the 2013 WSDL lacks (v3 import, since-date clicks and opens, surveys, preferences, CSV imports with a merge
 * option other than overwrite) go to the REST client given at construction; see the module README.
 */
public final class SoapDotdigitalClient implements DotdigitalClient, DelegatedActivityReads {

    private final Bus bus;
    private final ApiService port;
    private final SoapCallPolicy policy;
    private final RestDotdigitalClient rest;
    private final SoapImports imports;
    private final SoapActivityReads reads;
    private final SoapCampaignSends sends;
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
        SoapConduit.configure(client, apiUser, apiPassword, httpSettings);
        client.getInInterceptors().add(new HttpStatusInterceptor());
        ((BindingProvider) port).getRequestContext().put(HttpStatusInterceptor.NO_IO_EXCEPTIONS, Boolean.TRUE);
        this.policy = new SoapCallPolicy(apiUser, resilience, listener);
        this.imports = new SoapImports(port, policy, rest);
        this.reads = new SoapActivityReads(port, policy, rest);
        this.sends = new SoapCampaignSends(port, policy);
    }

    public String soapUrl() {
        return soapUrl;
    }

    // ---------------------------------------------------------------------------------------------- account

    @Override
    public io.dynamicsdotdigital.dotdigital.client.CampaignSends campaignSends() {
        return sends;
    }

    /** The 2013 WSDL has no preference or consent operations: these go over REST to the same account. */
    @Override
    public io.dynamicsdotdigital.dotdigital.client.PreferenceWrites preferenceWrites() {
        return rest.preferenceWrites();
    }

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
        return SoapModelMapper.addressBook(policy.callOnce("CreateAddressBook",
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

    @Override
    public ImportHandle startImport(ContactImport request) {
        return imports.start(request);
    }

    @Override
    public ImportResult importStatus(ImportHandle handle) {
        return imports.status(handle);
    }

    // ---------------------------------------------------------------------------------------------- since-date reads

    /** The since-date reads, which {@link DelegatedActivityReads} forwards to. */
    @Override
    public ActivityReads activityReads() {
        return reads;
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
