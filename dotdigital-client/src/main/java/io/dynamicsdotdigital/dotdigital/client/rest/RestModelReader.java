package io.dynamicsdotdigital.dotdigital.client.rest;

import static io.dynamicsdotdigital.dotdigital.client.rest.Json.bool;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.decimal;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.instant;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.intValue;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.longValue;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.optionalLong;
import static io.dynamicsdotdigital.dotdigital.client.rest.Json.text;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.Survey;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyAnswer;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyField;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyPage;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Maps the REST API's JSON (v2 field names, v3 import status) onto the model records. */
public final class RestModelReader {
    private RestModelReader() {
    }

    public static <T> List<T> list(JsonNode array, Function<JsonNode, T> reader) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("expected a JSON array but got " + array.getNodeType());
        }
        List<T> out = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            out.add(reader.apply(item));
        }
        return out;
    }

    public static AccountInfo accountInfo(JsonNode n) {
        Map<String, String> props = new LinkedHashMap<>();
        JsonNode properties = n.get("properties");
        if (properties != null && properties.isArray()) {
            for (JsonNode p : properties) {
                String name = text(p, "name");
                if (name != null) {
                    props.put(name, text(p, "value"));
                }
            }
        }
        return new AccountInfo(longValue(n, "id"), props);
    }

    public static DataField dataField(JsonNode n) {
        return new DataField(text(n, "name"), text(n, "type"), text(n, "visibility"), text(n, "defaultValue"));
    }

    public static AddressBook addressBook(JsonNode n) {
        return new AddressBook(longValue(n, "id"), text(n, "name"), text(n, "visibility"), intValue(n, "contacts"));
    }

    public static Contact contact(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode dataFields = n.get("dataFields");
        if (dataFields != null && dataFields.isArray()) {
            for (JsonNode f : dataFields) {
                String key = text(f, "key");
                if (key != null) {
                    fields.put(key, text(f, "value"));
                }
            }
        }
        return new Contact(longValue(n, "id"), text(n, "email"), text(n, "optInType"), text(n, "emailType"), fields,
                text(n, "status"));
    }

    public static ContactSuppression suppression(JsonNode n) {
        return new ContactSuppression(contact(n.get("suppressedContact")), instant(n, "dateRemoved"),
                text(n, "reason"));
    }

    public static Campaign campaign(JsonNode n) {
        JsonNode from = n.get("fromAddress");
        String fromEmail = from == null || from.isNull() ? null : from.isObject() ? text(from, "email") : from.asText();
        return new Campaign(longValue(n, "id"), text(n, "name"), text(n, "subject"), text(n, "fromName"), fromEmail,
                text(n, "status"));
    }

    public static CampaignSummary campaignSummary(long campaignId, JsonNode n) {
        return new CampaignSummary(campaignId, instant(n, "dateSent"), intValue(n, "numSent"),
                intValue(n, "numDelivered"), intValue(n, "numOpens"), intValue(n, "numUniqueOpens"),
                intValue(n, "numClicks"), intValue(n, "numRecipientsClicked"), intValue(n, "numPageViews"),
                intValue(n, "numForwards"), intValue(n, "numReplies"), intValue(n, "numHardBounces"),
                intValue(n, "numSoftBounces"), intValue(n, "numUnsubscribes"), intValue(n, "numIspComplaints"),
                intValue(n, "numMailBlocks"), intValue(n, "numOrders"), decimal(n, "percentageDelivered"),
                decimal(n, "percentageUniqueOpens"), decimal(n, "percentageUsersClicked"), decimal(n, "revenue"),
                decimal(n, "assistedRevenue"));
    }

    public static CampaignActivity campaignActivity(JsonNode n) {
        return new CampaignActivity(longValue(n, "contactId"), text(n, "email"), intValue(n, "numOpens"),
                intValue(n, "numPageViews"), intValue(n, "numClicks"), intValue(n, "numForwards"),
                intValue(n, "numEstimatedForwards"), intValue(n, "numReplies"), instant(n, "dateSent"),
                instant(n, "dateFirstOpened"), instant(n, "dateLastOpened"), text(n, "firstOpenIp"),
                bool(n, "unsubscribed"), bool(n, "softBounced"), bool(n, "hardBounced"));
    }

    public static CampaignClick campaignClick(JsonNode n) {
        return new CampaignClick(longValue(n, "contactId"), text(n, "email"), text(n, "url"), text(n, "ipAddress"),
                text(n, "userAgent"), instant(n, "dateClicked"), text(n, "keyword"));
    }

    public static CampaignOpen campaignOpen(JsonNode n) {
        return new CampaignOpen(longValue(n, "contactId"), text(n, "email"), text(n, "mailClient"),
                text(n, "mailClientVersion"), text(n, "ipAddress"), text(n, "userAgent"), bool(n, "isHtml"),
                bool(n, "isForward"), instant(n, "dateOpened"));
    }

    public static CampaignPageView campaignPageView(JsonNode n) {
        return new CampaignPageView(longValue(n, "contactId"), text(n, "email"), text(n, "url"),
                instant(n, "dateViewed"));
    }

    public static CampaignRoiDetail campaignRoiDetail(JsonNode n) {
        return new CampaignRoiDetail(longValue(n, "contactId"), text(n, "email"), text(n, "markerName"),
                text(n, "dataType"), text(n, "value"), instant(n, "dateEntered"));
    }

    public static Survey survey(JsonNode n) {
        return new Survey(longValue(n, "id"), text(n, "name"), text(n, "url"), text(n, "state"),
                instant(n, "dateSurveyCreated"), instant(n, "dateSurveyModified"), instant(n, "lastResponseDate"),
                intValue(n, "totalCompleteResponses"));
    }

    public static SurveyResponse surveyResponse(JsonNode n) {
        List<SurveyAnswer> answers = list(n.get("givenAnswers"),
                a -> new SurveyAnswer(longValue(a, "fieldId"), optionalLong(a, "subFieldId"), text(a, "value")));
        return new SurveyResponse(longValue(n, "id"), text(n, "email"), bool(n, "started"), instant(n, "dateStarted"),
                bool(n, "complete"), instant(n, "dateCompleted"), answers);
    }

    public static SurveyPage surveyPage(JsonNode n) {
        return new SurveyPage(longValue(n, "id"), text(n, "name"), list(n.get("fields"), RestModelReader::surveyField));
    }

    public static SurveyField surveyField(JsonNode n) {
        return new SurveyField(longValue(n, "id"), text(n, "type"), text(n, "text"),
                list(n.get("subFields"), RestModelReader::surveyField));
    }

    public static ContactPreferenceOptIns preferenceOptIns(JsonNode n) {
        List<MarketingPreferenceOptIn> optIns = list(n.get("marketingPreferenceOptIns"),
                o -> new MarketingPreferenceOptIn(longValue(o, "marketingPreferenceId"), longValue(o, "addressBookId"),
                        bool(o, "isOptedIn"),
                        // The published spec spells it dateModifed; accept the corrected spelling too.
                        o.hasNonNull("dateModifed") ? instant(o, "dateModifed") : instant(o, "dateModified")));
        return new ContactPreferenceOptIns(contact(n.get("contact")), optIns);
    }

    public static Preference preference(JsonNode n) {
        return new Preference(longValue(n, "id"), text(n, "publicName"), text(n, "privateName"),
                bool(n, "isPreference"), bool(n, "isPublic"), optionalLong(n, "categoryId"),
                instant(n, "lastModified"), list(n.get("preferences"), RestModelReader::preference));
    }

    /** v2 {@code GET /v2/contacts/import/{id}/report}. */
    public static ImportSummary v2ImportReport(JsonNode n) {
        return new ImportSummary(intValue(n, "newContacts"), intValue(n, "updatedContacts"),
                intValue(n, "globallySuppressed"), intValue(n, "invalidEntries"), intValue(n, "duplicateEmails"));
    }

    /** v3 {@code GET /contacts/v3/import/{id}}: one {@link ImportFailure} per failure code of each contact. */
    public static ImportResult v3ImportStatus(JsonNode n) {
        JsonNode s = n.get("summary");
        ImportSummary summary = s == null || s.isNull() ? ImportSummary.EMPTY
                : new ImportSummary(intValue(s, "newContacts"), intValue(s, "updatedContacts"),
                        intValue(s, "globallySuppressed"), intValue(s, "invalidEntries"),
                        intValue(s, "duplicateIdentifiers"));
        List<ImportFailure> failures = new ArrayList<>();
        JsonNode items = n.get("failures");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                String email = text(item.get("identifiers"), "email");
                JsonNode reasons = item.get("failures");
                if (reasons == null || !reasons.isArray() || reasons.isEmpty()) {
                    failures.add(new ImportFailure(email, "unknown", "no failure reason given"));
                    continue;
                }
                for (JsonNode reason : reasons) {
                    failures.add(new ImportFailure(email, text(reason, "failureCode"), text(reason, "description")));
                }
            }
        }
        return new ImportResult(text(n, "importId"), text(n, "status"), summary, failures);
    }
}
