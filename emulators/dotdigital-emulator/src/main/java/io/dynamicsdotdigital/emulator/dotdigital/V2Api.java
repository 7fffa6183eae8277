package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dynamicsdotdigital.emulator.common.EmulatorHttpServer;
import io.dynamicsdotdigital.emulator.dotdigital.HttpCall.ApiError;
import io.dynamicsdotdigital.emulator.dotdigital.Model.CampaignSend;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import io.dynamicsdotdigital.emulator.dotdigital.Model.Preference;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The v2 REST routes: contacts ({@link V2Contacts}) and address books ({@link V2AddressBooks}) in their own classes,
 * the smaller families here, and the paging, id and date checks and error bodies all v2 routes share.
 */
final class V2Api {
    private final DotdigitalEmulator emu;
    private final DotdigitalState state;
    private final V2Contacts contacts;
    private final V2AddressBooks addressBooks;

    V2Api(DotdigitalEmulator emu) {
        this.emu = emu;
        this.state = emu.state();
        V2ContactWrites writes = new V2ContactWrites(emu);
        this.contacts = new V2Contacts(emu, writes);
        this.addressBooks = new V2AddressBooks(emu, writes);
    }

    static ApiError error(int status, String message) {
        return new ApiError(status, "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    }

    static ApiError invalid(String what) {
        return error(400, what + " ERROR_PARAMETER_INVALID");
    }

    static ApiError notFound(String code) {
        return error(404, "Error: " + code);
    }

    static int select(HttpCall call, int max) {
        String s = call.query.get("select");
        if (s == null || s.isEmpty()) {
            return max;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 1 || v > max) {
                throw invalid("select must be between 1 and " + max + ".");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid("select is not a number.");
        }
    }

    static int skip(HttpCall call) {
        String s = call.query.get("skip");
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw invalid("skip must not be negative.");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid("skip is not a number.");
        }
    }

    static Instant date(String text) {
        return Dates.parse(text).orElseThrow(() -> invalid("The date '" + text + "' is not valid."));
    }

    static int id(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("The " + what + " '" + text + "' is not valid.");
        }
    }

    static <T> void list(HttpCall call, List<T> rows, RowWriter<T> writer) throws IOException {
        call.sendJson(200, g -> {
            g.writeStartArray();
            for (T row : rows) {
                writer.write(g, row);
            }
            g.writeEndArray();
        });
    }

    @FunctionalInterface
    interface RowWriter<T> {
        void write(JsonGenerator g, T row) throws IOException;
    }

    /** @return false when no v2 route matches */
    boolean handle(HttpCall c) throws IOException {
        String s1 = c.seg(1);
        if (s1 == null) {
            return false;
        }
        switch (s1.toLowerCase()) {
            case "account-info":
                return accountInfo(c);
            case "contacts":
            case "contact":
                return contacts.handle(c);
            case "address-books":
                return addressBooks.handle(c);
            case "data-fields":
                return dataFields(c);
            case "campaigns":
                return campaigns(c);
            case "surveys":
                return surveys(c);
            case "preferences":
                return preferences(c);
            default:
                return false;
        }
    }

    private boolean accountInfo(HttpCall c) throws IOException {
        if (!c.is("GET", "v2", "account-info")) {
            return false;
        }
        RateLimiter.Window w = emu.rateLimiter().peek();
        long inLastHour = emu.requests().total();
        c.sendJson(200, g -> {
            g.writeStartObject();
            g.writeNumberField("id", emu.accountId());
            g.writeArrayFieldStart("properties");
            prop(g, "Name", "String", "Emulated Account");
            prop(g, "MainEmail", "String", "owner@emulator.example");
            prop(g, "ApiEndpoint", "String", emu.accountRegionUrl());
            prop(g, "ApiCallsInLastHour", "Int", Long.toString(inLastHour));
            prop(g, "ApiCallsRemaining", "Int", Long.toString(w.limit() == 0 ? 2000 : w.remaining()));
            prop(g, "TimeZoneIana", "String", "Etc/UTC");
            prop(g, "TimeZone", "String", "GMT Standard Time");
            prop(g, "Region", "String", Integer.toString(emu.region()));
            g.writeEndArray();
            g.writeEndObject();
        });
        return true;
    }

    private static void prop(JsonGenerator g, String name, String type, String value) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("type", type);
        g.writeStringField("value", value);
        g.writeEndObject();
    }

    // ---------------------------------------------------------------- data fields

    private boolean dataFields(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "data-fields")) {
            list(c, state.dataFields(), V2Json::dataField);
            return true;
        }
        if (c.is("POST", "v2", "data-fields")) {
            JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
            String name = body.path("name").asText("");
            String type = body.path("type").asText("String");
            DataField f;
            try {
                Object def = body.hasNonNull("defaultValue") ? ContactImports.convert(
                        new DataField(name, type, null, null), body.get("defaultValue")) : null;
                f = state.addDataField(name, type, body.path("visibility").asText("Private"), def);
            } catch (IllegalStateException e) {
                throw error(400, "Field already exists. ERROR_NON_UNIQUE_DATAFIELD");
            } catch (IllegalArgumentException e) {
                if ("type".equals(e.getMessage())) {
                    throw invalid("Type must be one of String, Numeric, Date, Boolean.");
                }
                throw invalid("Name must be 1 to 20 characters of letters, digits, '_' or '-'.");
            }
            DataField created = f;
            c.sendJson(201, g -> V2Json.dataField(g, created));
            return true;
        }
        if (c.is("DELETE", "v2", "data-fields", "*")) {
            if (!state.deleteDataField(c.seg(2))) {
                throw notFound("ERROR_DATAFIELD_NOT_FOUND");
            }
            c.sendJson(200, g -> {
                g.writeStartObject();
                g.writeBooleanField("result", true);
                g.writeEndObject();
            });
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------- campaigns

    private boolean campaigns(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "campaigns")) {
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, state.campaigns().stream().skip(skip).limit(select).toList(), V2Json::campaign);
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "with-activity-since", "*")) {
            list(c, state.campaignsWithActivitySince(date(c.seg(3)), skip(c), select(c, 1000)), V2Json::campaign);
            return true;
        }
        if (c.is("POST", "v2", "campaigns", "send")) {
            send(c);
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "send", "*")) {
            CampaignSend s = emu.sendProgress(c.seg(3)).orElseThrow(() -> notFound("ERROR_CAMPAIGN_SEND_NOT_FOUND"));
            c.sendJson(200, g -> V2Json.send(g, s));
            return true;
        }
        if (c.size() < 3) {
            return false;
        }
        int campaignId = id(c.seg(2), "campaign id");
        var campaign = state.campaign(campaignId).orElseThrow(() -> notFound("ERROR_CAMPAIGN_NOT_FOUND"));
        if (c.is("GET", "v2", "campaigns", "*")) {
            c.sendJson(200, g -> V2Json.campaign(g, campaign));
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "*", "summary")) {
            Map<String, Object> m = state.summary(campaignId);
            c.sendJson(200, g -> V2Json.summary(g, m));
            return true;
        }
        if (c.is("GET", "v2", "campaigns", "*", "hard-bouncing-contacts")) {
            List<DataField> fields = Boolean.parseBoolean(c.query.getOrDefault("withFullData", "false"))
                    ? state.dataFields() : null;
            list(c, state.hardBouncingContacts(campaignId, skip(c), select(c, 1000)),
                    (g, x) -> V2Json.contact(g, x, fields));
            return true;
        }
        if (c.size() == 5 && c.is("GET", "v2", "campaigns", "*", "activities", "*")) {
            int contactId = id(c.seg(4), "contact id");
            state.contactById(contactId).orElseThrow(() -> notFound("ERROR_CONTACT_NOT_FOUND"));
            // The spec documents only the 200 answer; a contact the campaign never reached answers 404 here.
            var activity = state.contactActivity(campaignId, contactId)
                    .orElseThrow(() -> notFound("ERROR_CAMPAIGN_ACTIVITY_NOT_FOUND"));
            c.sendJson(200, g -> V2Json.activity(g, activity));
            return true;
        }
        if (c.size() == 6 && c.method.equals("GET") && c.seg(4).equalsIgnoreCase("since-date")) {
            Instant since = date(c.seg(5));
            int skip = skip(c);
            int select = select(c, 1000);
            switch (c.seg(3).toLowerCase()) {
                case "activities":
                    list(c, state.activitiesSince(campaignId, since, skip, select), V2Json::activity);
                    return true;
                case "clicks":
                    list(c, state.clicksSince(campaignId, since, skip, select), V2Json::click);
                    return true;
                case "opens":
                    list(c, state.opensSince(campaignId, since, skip, select), V2Json::open);
                    return true;
                case "page-views":
                    list(c, state.pageViewsSince(campaignId, since, skip, select), V2Json::pageView);
                    return true;
                case "roi-details":
                    list(c, state.roisSince(campaignId, since, skip, select), V2Json::roi);
                    return true;
                default:
                    return false;
            }
        }
        return false;
    }

    private void send(HttpCall c) throws IOException {
        JsonNode body = c.json(JsonNodeFactory.instance.objectNode());
        // The spec's schema spells campaignID/addressBookIDs/contactIDs, its example campaignId/...: accept both.
        int campaignId = field(body, "campaignId").asInt(0);
        if (state.campaign(campaignId).isEmpty()) {
            throw notFound("ERROR_CAMPAIGN_NOT_FOUND");
        }
        List<Integer> books = new ArrayList<>();
        field(body, "addressBookIds").forEach(n -> books.add(n.asInt()));
        List<Integer> contacts = new ArrayList<>();
        field(body, "contactIds").forEach(n -> contacts.add(n.asInt()));
        for (int b : books) {
            if (state.addressBook(b).isEmpty()) {
                throw notFound("ERROR_ADDRESSBOOK_NOT_FOUND");
            }
        }
        Instant sendDate = body.hasNonNull("sendDate") ? date(body.get("sendDate").asText()) : state.now();
        CampaignSend s = emu.sends().start(campaignId, books, contacts, sendDate, "REST");
        if (emu.sends().takeDroppedAnswer()) {
            throw EmulatorHttpServer.connectionDropped();
        }
        c.sendJson(200, g -> V2Json.send(g, s));
    }

    private static JsonNode field(JsonNode body, String name) {
        var names = body.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (n.equalsIgnoreCase(name)) {
                return body.get(n);
            }
        }
        return body.path(name);
    }

    // ---------------------------------------------------------------- surveys

    private boolean surveys(HttpCall c) throws IOException {
        if (c.is("GET", "v2", "surveys")) {
            int skip = skip(c);
            int select = select(c, 1000);
            list(c, state.surveys().stream().skip(skip).limit(select).toList(), V2Json::survey);
            return true;
        }
        if (c.is("GET", "v2", "surveys", "with-activity-since", "*")) {
            list(c, state.surveysWithActivitySince(date(c.seg(3)), skip(c), select(c, 1000)), V2Json::survey);
            return true;
        }
        if (c.size() >= 3) {
            int surveyId = id(c.seg(2), "survey id");
            var survey = state.survey(surveyId).orElseThrow(() -> notFound("ERROR_SURVEY_NOT_FOUND"));
            if (c.is("GET", "v2", "surveys", "*")) {
                c.sendJson(200, g -> V2Json.survey(g, survey));
                return true;
            }
            if (c.is("GET", "v2", "surveys", "*", "fields")) {
                list(c, state.surveyFields(surveyId), V2Json::surveyPage);
                return true;
            }
            if (c.is("GET", "v2", "surveys", "*", "responses", "with-activity-since", "*")) {
                list(c, state.responsesSince(surveyId, date(c.seg(5)), skip(c), select(c, 1000)),
                        V2Json::surveyResponse);
                return true;
            }
            if (c.is("GET", "v2", "surveys", "*", "responses")) {
                list(c, state.responsesSince(surveyId, Instant.EPOCH, skip(c), select(c, 1000)),
                        V2Json::surveyResponse);
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- preferences

    private boolean preferences(HttpCall c) throws IOException {
        List<Preference> all = state.preferences();
        if (c.is("GET", "v2", "preferences")) {
            list(c, all.stream().filter(p -> p.categoryId() == 0).toList(), (g, p) -> V2Json.preference(g, p, all, null));
            return true;
        }
        if (c.is("GET", "v2", "preferences", "modified-since", "*")) {
            Instant since = date(c.seg(3));
            list(c, all.stream().filter(p -> !p.lastModified().isBefore(since)).toList(),
                    (g, p) -> V2Json.preference(g, p, List.of(), null));
            return true;
        }
        return false;
    }
}
