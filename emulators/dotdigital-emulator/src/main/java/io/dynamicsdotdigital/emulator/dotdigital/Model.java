package io.dynamicsdotdigital.emulator.dotdigital;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Immutable views of the emulator's records, handed to tests and serialised by the REST and SOAP front ends. */
public final class Model {
    private Model() {
    }

    /** Email statuses that mean the contact is on the account's suppression list. */
    public static boolean isSuppressedStatus(String status) {
        return !("Subscribed".equals(status) || "PendingOptIn".equals(status));
    }

    /** A contact as the v2 API shows it, plus the created/modified times the v3 API exposes. */
    public record Contact(int id, String email, String status, String optInType, String emailType,
                          Map<String, Object> dataFields, Instant created, Instant modified) {
        public boolean suppressed() {
            return isSuppressedStatus(status);
        }

        public Object dataField(String name) {
            for (Map.Entry<String, Object> e : dataFields.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return null;
        }
    }

    public record AddressBook(int id, String name, String visibility, int contacts) {
    }

    public record DataField(String name, String type, String visibility, Object defaultValue) {
    }

    /** An entry of the suppression list (reason Unsubscribed for unsubscribes). */
    public record Suppression(Contact contact, Instant dateRemoved, String reason) {
    }

    public record Campaign(int id, String name, String subject, String fromName, int fromAddressId,
                           String fromAddress, String status, Instant dateSent) {
    }

    /** One cumulative row per contact per campaign. */
    public record Activity(int contactId, String email, int numOpens, int numPageViews, int numClicks,
                           int numForwards, int numEstimatedForwards, int numReplies, Instant dateSent,
                           Instant dateFirstOpened, Instant dateLastOpened, String firstOpenIp,
                           boolean unsubscribed, boolean softBounced, boolean hardBounced, Instant lastActivity) {
    }

    public record Click(int contactId, String email, String url, String ipAddress, String userAgent,
                        Instant dateClicked, String keyword) {
    }

    public record Open(int contactId, String email, String mailClient, String mailClientVersion, String ipAddress,
                       String userAgent, boolean isHtml, boolean isForward, Instant dateOpened) {
    }

    public record PageView(int contactId, String email, String url, Instant dateViewed) {
    }

    public record Roi(int contactId, String email, String markerName, String dataType, Object value,
                      Instant dateEntered) {
    }

    /** @param modified when the survey (its questions included) last changed */
    public record Survey(int id, String name, String state, Instant created, Instant lastResponse, Instant modified) {
    }

    /** A question ({@code ApiSurveyField}); a multi-part question's parts are its {@code subFields}. */
    public record SurveyField(int id, String type, String text, List<SurveyField> subFields) {
    }

    /** A page of a survey and its questions ({@code ApiSurveyPage}). */
    public record SurveyPage(int id, String name, List<SurveyField> fields) {
    }

    public record SurveyAnswer(int fieldId, int subFieldId, Object value) {
    }

    public record SurveyResponse(int id, int surveyId, String email, boolean started, Instant dateStarted,
                                 boolean complete, Instant dateCompleted, List<SurveyAnswer> givenAnswers) {
    }

    /** A marketing preference or (when {@code isPreference} is false) a category holding preferences. */
    public record Preference(int id, String publicName, String privateName, boolean isPreference, int categoryId,
                             Instant created, Instant lastModified) {
    }

    public record OptIn(int contactId, int preferenceId, boolean isOptedIn, Instant dateModified) {
    }

    public record CampaignSend(String id, int campaignId, List<Integer> addressBookIds, List<Integer> contactIds,
                               Instant sendDate, String status) {
    }

    /**
     * A send as the emulator received it: the recipients resolved at send time (suppressed contacts excluded), and
     * whether the target was empty, which the real API turns into a send to every contact.
     */
    public record RecordedSend(String id, int campaignId, List<Integer> addressBookIds, List<Integer> contactIds,
                               Instant sendDate, Instant received, boolean emptyTarget, List<String> recipients,
                               String transport) {
    }
}
