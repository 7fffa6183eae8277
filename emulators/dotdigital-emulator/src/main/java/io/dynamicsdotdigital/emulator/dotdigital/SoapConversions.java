package io.dynamicsdotdigital.emulator.dotdigital;

import com.apiconnector.ApiContact;
import com.apiconnector.ApiContactData;
import com.apiconnector.ApiContactEmailTypes;
import com.apiconnector.ApiContactOptInTypes;
import com.apiconnector.ApiContactStatuses;
import com.apiconnector.ArrayOfApiContactData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.GregorianCalendar;
import java.util.List;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.cxf.binding.soap.SoapFault;

/**
 * What every SOAP operation handler shares: Dotdigital's error codes as SOAP faults, xsd:dateTime conversions, the
 * select/skip paging rules, and ApiContact to and from the emulator's contact model.
 */
final class SoapConversions {
    private static final DatatypeFactory XML_DATES;

    static {
        try {
            XML_DATES = DatatypeFactory.newInstance();
        } catch (DatatypeConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }


    static SoapFault fault(String message) {
        return new SoapFault(message, SoapFault.FAULT_CODE_CLIENT);
    }

    /** REST errors carry a JSON {message}; SOAP callers get the message text as the fault string. */
    static SoapFault fault(ApiError e) {
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

    static int select(Integer select) {
        int s = select == null ? 1000 : select;
        if (s < 1 || s > 1000) {
            throw fault("select must be between 1 and 1000. ERROR_PARAMETER_INVALID");
        }
        return s;
    }

    static int skip(Integer skip) {
        int s = skip == null ? 0 : skip;
        if (s < 0) {
            throw fault("skip must not be negative. ERROR_PARAMETER_INVALID");
        }
        return s;
    }

    static ApiContact contact(Contact c, List<DataField> fields) {
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
    /** The SOAP ApiContact as the JSON body the REST code path reads. */
    static ObjectNode json(ApiContact c) {
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

    private SoapConversions() {
    }
}
