package io.dynamicsdotdigital.dotdigital.client.soap;

import com.apiconnector.ApiAccount;
import com.apiconnector.ApiAccountProperty;
import com.apiconnector.ApiAddressBook;
import com.apiconnector.ApiAddressBookVisibility;
import com.apiconnector.ApiCampaign;
import com.apiconnector.ApiCampaignContactPageView;
import com.apiconnector.ApiCampaignContactRoiDetail;
import com.apiconnector.ApiCampaignContactSummary;
import com.apiconnector.ApiCampaignSummary;
import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactData;
import com.apiconnector.ApiContactEmailTypes;
import com.apiconnector.ApiContactImportReport;
import com.apiconnector.ApiContactOptInTypes;
import com.apiconnector.ApiContactSuppression;
import com.apiconnector.ApiDataField;
import com.apiconnector.ApiDataFieldVisibility;
import com.apiconnector.ApiDataTypes;
import com.apiconnector.ArrayOfApiContactData;
import io.dynamicsdotdigital.dotdigital.client.model.AccountInfo;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.model.Campaign;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignActivity;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignPageView;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignRoiDetail;
import io.dynamicsdotdigital.dotdigital.client.model.CampaignSummary;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;

/** Maps the SOAP API's JAXB types to and from the model records the REST transport returns. */
final class SoapModelMapper {
    /** SOAP address books carry no member count; the model reports this instead of a made-up 0. */
    static final int UNKNOWN_COUNT = -1;
    private static final DatatypeFactory DATATYPES;

    static {
        try {
            DATATYPES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private SoapModelMapper() {
    }

    static XMLGregorianCalendar xmlDate(Instant instant) {
        if (instant == null) {
            throw new IllegalArgumentException("a since-date is required");
        }
        return DATATYPES.newXMLGregorianCalendar(GregorianCalendar.from(instant.atZone(ZoneOffset.UTC)));
    }

    static Instant instant(XMLGregorianCalendar c) {
        if (c == null) {
            return null;
        }
        // A date-time without a zone is UTC, as the REST transport reads it.
        if (c.getTimezone() == javax.xml.datatype.DatatypeConstants.FIELD_UNDEFINED) {
            XMLGregorianCalendar utc = (XMLGregorianCalendar) c.clone();
            utc.setTimezone(0);
            return utc.toGregorianCalendar().toInstant();
        }
        return c.toGregorianCalendar().toInstant();
    }

    private static long id(Integer v) {
        return v == null ? 0 : v;
    }

    private static int count(Integer v) {
        return v == null ? 0 : v;
    }

    private static boolean flag(Boolean v) {
        return Boolean.TRUE.equals(v);
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof XMLGregorianCalendar c) {
            return instant(c).toString();
        }
        if (v instanceof org.w3c.dom.Node n) {
            return n.getTextContent();
        }
        return v.toString();
    }

    private static BigDecimal decimal(Double v) {
        return v == null ? null : BigDecimal.valueOf(v);
    }

    private static String enumValue(Enum<?> e) {
        if (e == null) {
            return null;
        }
        try {
            return (String) e.getClass().getMethod("value").invoke(e);
        } catch (ReflectiveOperationException ex) {
            return e.name();
        }
    }

    static AccountInfo accountInfo(ApiAccount a) {
        Map<String, String> props = new LinkedHashMap<>();
        if (a.getProperties() != null) {
            for (ApiAccountProperty p : a.getProperties().getApiAccountProperty()) {
                if (p.getName() != null) {
                    props.put(p.getName(), p.getValue());
                }
            }
        }
        return new AccountInfo(id(a.getId()), props);
    }

    static DataField dataField(ApiDataField f) {
        return new DataField(f.getName(), enumValue(f.getType()), enumValue(f.getVisibility()),
                text(f.getDefaultValue()));
    }

    static ApiDataField apiDataField(DataField f) {
        ApiDataField out = new ApiDataField();
        out.setName(f.name());
        out.setType(ApiDataTypes.fromValue(f.type()));
        out.setVisibility(ApiDataFieldVisibility.fromValue(f.visibility() == null ? "Private" : f.visibility()));
        if (f.defaultValue() != null) {
            out.setDefaultValue(f.defaultValue());
        }
        return out;
    }

    static AddressBook addressBook(ApiAddressBook b) {
        return new AddressBook(id(b.getId()), b.getName(), enumValue(b.getVisibility()), UNKNOWN_COUNT);
    }

    static ApiAddressBook apiAddressBook(String name, String visibility) {
        ApiAddressBook b = new ApiAddressBook();
        b.setName(name);
        b.setVisibility(ApiAddressBookVisibility.fromValue(visibility == null ? "Private" : visibility));
        return b;
    }

    static Contact contact(ApiContact c) {
        if (c == null) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (c.getDataFields() != null) {
            for (ApiContactData d : c.getDataFields().getApiContactData()) {
                if (d.getKey() != null) {
                    fields.put(d.getKey(), text(d.getValue()));
                }
            }
        }
        return new Contact(id(c.getId()), c.getEmail(), enumValue(c.getOptInType()), enumValue(c.getEmailType()),
                fields, enumValue(c.getStatus()));
    }

    static ApiContact apiContact(Contact c) {
        ApiContact out = new ApiContact();
        if (c.id() > 0) {
            out.setId(Math.toIntExact(c.id()));
        }
        out.setEmail(c.email());
        if (c.optInType() != null) {
            out.setOptInType(ApiContactOptInTypes.fromValue(c.optInType()));
        }
        if (c.emailType() != null) {
            out.setEmailType(ApiContactEmailTypes.fromValue(c.emailType()));
        }
        ArrayOfApiContactData data = new ArrayOfApiContactData();
        for (Map.Entry<String, String> f : c.dataFields().entrySet()) {
            ApiContactData d = new ApiContactData();
            d.setKey(f.getKey());
            d.setValue(f.getValue());
            data.getApiContactData().add(d);
        }
        out.setDataFields(data);
        return out;
    }

    static ContactSuppression suppression(ApiContactSuppression s) {
        return new ContactSuppression(contact(s.getSuppressedContact()), instant(s.getDateRemoved()),
                enumValue(s.getReason()));
    }

    static Campaign campaign(ApiCampaign c) {
        return new Campaign(id(c.getId()), c.getName(), c.getSubject(), c.getFromName(),
                c.getFromAddress() == null ? null : c.getFromAddress().getEmail(), enumValue(c.getStatus()));
    }

    /** The 2013 WSDL has no revenue, orders or assisted revenue: those are null or 0 over SOAP. */
    static CampaignSummary campaignSummary(long campaignId, ApiCampaignSummary s) {
        return new CampaignSummary(campaignId, instant(s.getDateSent()), count(s.getNumSent()),
                count(s.getNumDelivered()), count(s.getNumOpens()), count(s.getNumUniqueOpens()),
                count(s.getNumClicks()), count(s.getNumRecipientsClicked()), count(s.getNumPageViews()),
                count(s.getNumForwards()), count(s.getNumReplies()), count(s.getNumHardBounces()),
                count(s.getNumSoftBounces()), count(s.getNumUnsubscribes()), count(s.getNumIspComplaints()),
                count(s.getNumMailBlocks()), 0, decimal(s.getPercentageDelivered()),
                decimal(s.getPercentageUniqueOpens()), decimal(s.getPercentageUsersClicked()), null, null);
    }

    static CampaignActivity campaignActivity(ApiCampaignContactSummary a) {
        return new CampaignActivity(id(a.getContactId()), a.getEmail(), count(a.getNumOpens()),
                count(a.getNumPageViews()), count(a.getNumClicks()), count(a.getNumForwards()),
                count(a.getNumEstimatedForwards()), count(a.getNumReplies()), instant(a.getDateSent()),
                instant(a.getDateFirstOpened()), instant(a.getDateLastOpened()), a.getFirstOpenIp(),
                flag(a.isUnsubscribed()), flag(a.isSoftBounced()), flag(a.isHardBounced()));
    }

    static CampaignPageView campaignPageView(ApiCampaignContactPageView v) {
        return new CampaignPageView(id(v.getContactId()), v.getEmail(), v.getUrl(), instant(v.getDateViewed()));
    }

    static CampaignRoiDetail campaignRoiDetail(ApiCampaignContactRoiDetail r) {
        return new CampaignRoiDetail(id(r.getContactId()), r.getEmail(), r.getMarkerName(),
                enumValue(r.getDataType()), text(r.getValue()), instant(r.getDateEntered()));
    }

    static ImportSummary importReport(ApiContactImportReport r) {
        return new ImportSummary(count(r.getNewContacts()), count(r.getUpdatedContacts()),
                count(r.getGloballySuppressed()), count(r.getInvalidEntries()), count(r.getDuplicateEmails()));
    }
}
