package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonGenerator;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Activity;
import io.dynamicsdotdigital.emulator.dotdigital.Model.AddressBook;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Campaign;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Click;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Contact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Open;
import io.dynamicsdotdigital.emulator.dotdigital.Model.PageView;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Roi;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Suppression;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Survey;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyAnswer;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyPage;
import io.dynamicsdotdigital.emulator.dotdigital.Model.SurveyResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** v2 JSON shapes, field names as in Dotdigital's v2 swagger (camelCase). */
final class V2Json {
    private V2Json() {
    }

    static void date(JsonGenerator g, String field, Instant when) throws IOException {
        if (when == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, Dates.format(when));
        }
    }

    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else {
            g.writeString(v.toString());
        }
    }

    /**
     * ApiContact; with {@code fields} the dataFields list holds every account data field (null value when unset),
     * without them {@code "dataFields": null}, as Dotdigital's list examples show.
     */
    static void contact(JsonGenerator g, Contact c, List<DataField> fields) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeStringField("email", c.email());
        g.writeStringField("optInType", c.optInType());
        g.writeStringField("emailType", c.emailType());
        if (fields == null) {
            g.writeNullField("dataFields");
        } else {
            g.writeArrayFieldStart("dataFields");
            for (DataField f : fields) {
                g.writeStartObject();
                g.writeStringField("key", f.name());
                g.writeFieldName("value");
                value(g, c.dataFields().get(f.name()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeStringField("status", c.status());
        g.writeEndObject();
    }

    static void suppression(JsonGenerator g, Suppression s, List<DataField> fields) throws IOException {
        g.writeStartObject();
        g.writeFieldName("suppressedContact");
        contact(g, s.contact(), fields);
        date(g, "dateRemoved", s.dateRemoved());
        g.writeStringField("reason", s.reason());
        g.writeEndObject();
    }

    static void addressBook(JsonGenerator g, AddressBook b) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", b.id());
        g.writeStringField("name", b.name());
        g.writeStringField("visibility", b.visibility());
        g.writeNumberField("contacts", b.contacts());
        g.writeEndObject();
    }

    static void dataField(JsonGenerator g, DataField f) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("type", f.type());
        g.writeStringField("visibility", f.visibility());
        g.writeFieldName("defaultValue");
        value(g, f.defaultValue());
        g.writeEndObject();
    }

    static void campaign(JsonGenerator g, Campaign c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", c.id());
        g.writeStringField("name", c.name());
        g.writeStringField("subject", c.subject());
        g.writeStringField("fromName", c.fromName());
        g.writeObjectFieldStart("fromAddress");
        g.writeNumberField("id", c.fromAddressId());
        g.writeStringField("email", c.fromAddress());
        g.writeEndObject();
        g.writeStringField("htmlContent", "<html><body>" + c.name() + "</body></html>");
        g.writeStringField("plainTextContent", c.name());
        g.writeStringField("replyAction", "Unset");
        g.writeStringField("replyToAddress", "");
        g.writeBooleanField("isSplitTest", false);
        g.writeStringField("status", c.status());
        g.writeEndObject();
    }

    static void activity(JsonGenerator g, Activity a) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", a.contactId());
        g.writeStringField("email", a.email());
        g.writeNumberField("numOpens", a.numOpens());
        g.writeNumberField("numPageViews", a.numPageViews());
        g.writeNumberField("numClicks", a.numClicks());
        g.writeNumberField("numForwards", a.numForwards());
        g.writeNumberField("numEstimatedForwards", a.numEstimatedForwards());
        g.writeNumberField("numReplies", a.numReplies());
        date(g, "dateSent", a.dateSent());
        date(g, "dateFirstOpened", a.dateFirstOpened());
        date(g, "dateLastOpened", a.dateLastOpened());
        g.writeStringField("firstOpenIp", a.firstOpenIp());
        g.writeBooleanField("unsubscribed", a.unsubscribed());
        g.writeBooleanField("softBounced", a.softBounced());
        g.writeBooleanField("hardBounced", a.hardBounced());
        g.writeEndObject();
    }

    static void click(JsonGenerator g, Click c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", c.contactId());
        g.writeStringField("email", c.email());
        g.writeStringField("url", c.url());
        g.writeStringField("ipAddress", c.ipAddress());
        g.writeStringField("userAgent", c.userAgent());
        date(g, "dateClicked", c.dateClicked());
        g.writeStringField("keyword", c.keyword());
        g.writeEndObject();
    }

    static void open(JsonGenerator g, Open o) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", o.contactId());
        g.writeStringField("email", o.email());
        g.writeStringField("mailClient", o.mailClient());
        g.writeStringField("mailClientVersion", o.mailClientVersion());
        g.writeStringField("ipAddress", o.ipAddress());
        g.writeStringField("userAgent", o.userAgent());
        g.writeBooleanField("isHtml", o.isHtml());
        g.writeBooleanField("isForward", o.isForward());
        date(g, "dateOpened", o.dateOpened());
        g.writeEndObject();
    }

    static void pageView(JsonGenerator g, PageView p) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", p.contactId());
        g.writeStringField("email", p.email());
        g.writeStringField("url", p.url());
        date(g, "dateViewed", p.dateViewed());
        g.writeEndObject();
    }

    static void roi(JsonGenerator g, Roi r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("contactId", r.contactId());
        g.writeStringField("email", r.email());
        g.writeStringField("markerName", r.markerName());
        g.writeStringField("dataType", r.dataType());
        g.writeFieldName("value");
        value(g, r.value());
        date(g, "dateEntered", r.dateEntered());
        g.writeEndObject();
    }

    static void summary(JsonGenerator g, Map<String, Object> m) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            g.writeFieldName(e.getKey());
            value(g, e.getValue());
        }
        g.writeEndObject();
    }

    static void send(JsonGenerator g, CampaignSend s) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", s.id());
        g.writeNumberField("campaignId", s.campaignId());
        g.writeArrayFieldStart("addressBookIds");
        for (int id : s.addressBookIds()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("contactIds");
        for (int id : s.contactIds()) {
            g.writeNumber(id);
        }
        g.writeEndArray();
        date(g, "sendDate", s.sendDate());
        g.writeStringField("status", s.status());
        g.writeEndObject();
    }

    static void survey(JsonGenerator g, Survey s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", s.id());
        g.writeStringField("name", s.name());
        g.writeStringField("url", "https://emulator.example/p/" + s.id());
        date(g, "dateSurveyCreated", s.created());
        date(g, "dateSurveyModified", s.modified());
        g.writeStringField("state", s.state());
        date(g, "lastResponseDate", s.lastResponse());
        g.writeEndObject();
    }

    /** {@code ApiSurveyPage}: the page and its questions. */
    static void surveyPage(JsonGenerator g, SurveyPage p) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", p.id());
        g.writeStringField("name", p.name());
        g.writeArrayFieldStart("fields");
        for (SurveyField f : p.fields()) {
            surveyField(g, f);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void surveyField(JsonGenerator g, SurveyField f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", f.id());
        g.writeStringField("type", f.type());
        g.writeStringField("text", f.text());
        g.writeBooleanField("isRequired", false);
        g.writeArrayFieldStart("subFields");
        for (SurveyField sub : f.subFields()) {
            surveyField(g, sub);
        }
        g.writeEndArray();
        g.writeBooleanField("isAssignedToContactDataField", false);
        g.writeEndObject();
    }

    static void surveyResponse(JsonGenerator g, SurveyResponse r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", r.id());
        g.writeStringField("email", r.email());
        g.writeBooleanField("started", r.started());
        date(g, "dateStarted", r.dateStarted());
        g.writeBooleanField("complete", r.complete());
        date(g, "dateCompleted", r.dateCompleted());
        g.writeArrayFieldStart("givenAnswers");
        for (SurveyAnswer a : r.givenAnswers()) {
            g.writeStartObject();
            g.writeNumberField("fieldId", a.fieldId());
            g.writeNumberField("subFieldId", a.subFieldId());
            g.writeFieldName("value");
            value(g, a.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * A preference tree node; {@code optedIn} (contact preferences) adds {@code isOptedIn}, null leaves it out.
     */
    static void preference(JsonGenerator g, Preference p, List<Preference> all, Map<Integer, Boolean> optedIn)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", p.id());
        g.writeStringField("publicName", p.publicName());
        g.writeStringField("privateName", p.privateName());
        g.writeBooleanField("isPreference", p.isPreference());
        g.writeStringField("order", Integer.toString(p.id()));
        g.writeBooleanField("isPublic", true);
        g.writeNumberField("categoryId", p.categoryId());
        List<Preference> children = all.stream().filter(c -> c.categoryId() == p.id()).toList();
        if (!p.isPreference()) {
            g.writeNumberField("preferenceCount", children.size());
        }
        date(g, "created", p.created());
        date(g, "lastModified", p.lastModified());
        if (optedIn != null && p.isPreference()) {
            g.writeBooleanField("isOptedIn", optedIn.getOrDefault(p.id(), false));
        }
        if (!p.isPreference()) {
            g.writeArrayFieldStart("preferences");
            for (Preference c : children) {
                preference(g, c, all, optedIn);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
