package io.dynamicsdotdigital.dotdigital.source.mapping;

import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.date;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.join;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.latest;
import static io.dynamicsdotdigital.dotdigital.source.mapping.RowValues.normalisedEmail;

import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactPreferenceOptIns;
import io.dynamicsdotdigital.dotdigital.client.model.ContactSuppression;
import io.dynamicsdotdigital.dotdigital.client.model.MarketingPreferenceOptIn;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyAnswer;
import io.dynamicsdotdigital.dotdigital.client.model.SurveyResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;

/**
 * Rows of the contact-level streams (unsubscribes, suppressions, address-book unsubscribes, modified contacts, form
 * responses, preference opt-ins) as {@link StreamRow}s: the key, the value and the identity used for dedup.
 */
public final class ContactRowMappers {
    private ContactRowMappers() {
    }

    public static StreamRow suppression(ContactSuppression s) {
        Contact c = s.suppressedContact();
        String email = normalisedEmail(s.email());
        Struct key = new Struct(RecordSchemas.EMAIL_KEY).put("email", email);
        Struct value = new Struct(RecordSchemas.SUPPRESSION)
                .put("email", email)
                .put("contactId", c == null || c.id() == 0 ? null : c.id())
                .put("reason", s.reason())
                .put("dateRemoved", date(s.dateRemoved()))
                .put("status", c == null ? null : c.status())
                .put("optInType", c == null ? null : c.optInType())
                .put("emailType", c == null ? null : c.emailType());
        return new StreamRow(key, value, join(email, s.dateRemoved(), s.reason()), s.dateRemoved());
    }

    public static StreamRow addressBookUnsubscribe(long addressBookId, ContactSuppression s) {
        Contact c = s.suppressedContact();
        String email = normalisedEmail(s.email());
        Struct key = new Struct(RecordSchemas.ADDRESS_BOOK_EMAIL_KEY).put("addressBookId", addressBookId)
                .put("email", email);
        Struct value = new Struct(RecordSchemas.ADDRESS_BOOK_UNSUBSCRIBE)
                .put("addressBookId", addressBookId)
                .put("email", email)
                .put("contactId", c == null || c.id() == 0 ? null : c.id())
                .put("reason", s.reason())
                .put("dateRemoved", date(s.dateRemoved()));
        return new StreamRow(key, value, join(email, s.dateRemoved(), s.reason()), s.dateRemoved());
    }

    /** Contacts carry no modified date: identity is the whole content, so only real changes are emitted. */
    public static StreamRow contact(Contact c) {
        Struct key = new Struct(RecordSchemas.CONTACT_KEY).put("contactId", c.id());
        Struct value = new Struct(RecordSchemas.CONTACT)
                .put("contactId", c.id())
                .put("email", c.email())
                .put("optInType", c.optInType())
                .put("emailType", c.emailType())
                .put("status", c.status())
                .put("dataFields", c.dataFields());
        String identity = join(c.id(), c.email(), c.optInType(), c.emailType(), c.status(),
                new TreeMap<>(c.dataFields()));
        return new StreamRow(key, value, identity, null);
    }

    public static StreamRow surveyResponse(long surveyId, SurveyResponse r) {
        return surveyResponse(surveyId, r, QuestionTexts.NONE);
    }

    /** @param questions the survey's question texts, which each answer carries beside its field ids */
    public static StreamRow surveyResponse(long surveyId, SurveyResponse r, QuestionTexts questions) {
        Struct key = new Struct(RecordSchemas.SURVEY_RESPONSE_KEY).put("surveyId", surveyId)
                .put("responseId", r.id());
        List<Struct> answers = new ArrayList<>();
        for (SurveyAnswer a : r.givenAnswers()) {
            answers.add(new Struct(RecordSchemas.SURVEY_ANSWER).put("fieldId", a.fieldId())
                    .put("subFieldId", a.subFieldId()).put("value", a.value())
                    .put("surveyId", surveyId).put("responseId", r.id())
                    .put("questionText", questions.question(a.fieldId()))
                    .put("subQuestionText", questions.part(a.fieldId(), a.subFieldId())));
        }
        Struct value = new Struct(RecordSchemas.SURVEY_RESPONSE)
                .put("surveyId", surveyId)
                .put("responseId", r.id())
                .put("email", r.email())
                .put("started", r.started())
                .put("dateStarted", date(r.dateStarted()))
                .put("complete", r.complete())
                .put("dateCompleted", date(r.dateCompleted()))
                .put("answers", answers);
        return new StreamRow(key, value, r.toString(), latest(r.dateStarted(), r.dateCompleted()));
    }

    public static StreamRow preferenceOptIns(long preferenceId, ContactPreferenceOptIns row) {
        Contact c = row.contact();
        long contactId = c == null ? 0 : c.id();
        Struct key = new Struct(RecordSchemas.PREFERENCE_CONTACT_KEY).put("preferenceId", preferenceId)
                .put("contactId", contactId);
        List<Struct> optIns = new ArrayList<>();
        Instant newest = null;
        MarketingPreferenceOptIn own = null;
        for (MarketingPreferenceOptIn o : row.marketingPreferenceOptIns()) {
            if (o.marketingPreferenceId() == preferenceId) {
                own = o;
            }
            optIns.add(new Struct(RecordSchemas.PREFERENCE_OPT_IN)
                    .put("marketingPreferenceId", o.marketingPreferenceId())
                    .put("addressBookId", o.addressBookId())
                    .put("isOptedIn", o.isOptedIn())
                    .put("dateModified", date(o.dateModified())));
            newest = latest(newest, o.dateModified());
        }
        Struct value = new Struct(RecordSchemas.CONTACT_PREFERENCE_OPT_INS)
                .put("preferenceId", preferenceId)
                .put("contactId", contactId)
                .put("email", c == null ? null : c.email())
                .put("optIns", optIns)
                .put("isOptedIn", own == null ? null : own.isOptedIn())
                .put("dateModified", own == null ? null : date(own.dateModified()));
        return new StreamRow(key, value, join(contactId, row.marketingPreferenceOptIns()), newest, contactId);
    }

    /**
     * One node of the preference tree. It carries no row time the stream could page by: its identity is its whole
     * content, so an unchanged node is not emitted again.
     *
     * @param parentId the category the tree nests it in, used when the node names no {@code categoryId}
     */
    public static StreamRow preference(Preference p, Long parentId) {
        Long categoryId = p.categoryId() != null && p.categoryId() != 0 ? p.categoryId() : parentId;
        Struct key = new Struct(RecordSchemas.PREFERENCE_KEY).put("preferenceId", p.id());
        Struct value = new Struct(RecordSchemas.PREFERENCE)
                .put("preferenceId", p.id())
                .put("publicName", p.publicName())
                .put("privateName", p.privateName())
                .put("isPreference", p.isPreference())
                .put("isPublic", p.isPublic())
                .put("categoryId", categoryId)
                .put("lastModified", date(p.lastModified()));
        return new StreamRow(key, value, join("preference", p.id(), p.publicName(), p.privateName(),
                p.isPreference(), p.isPublic(), categoryId, p.lastModified()), null);
    }
}
