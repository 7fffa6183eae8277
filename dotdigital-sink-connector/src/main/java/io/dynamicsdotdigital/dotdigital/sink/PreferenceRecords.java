package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.sink.addressbook.EmailCache;
import io.dynamicsdotdigital.dotdigital.sink.bulk.RecordRef;
import io.dynamicsdotdigital.dotdigital.sink.preference.CrmPreferences;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceApplier;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceConfig;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceMetrics;
import io.dynamicsdotdigital.dotdigital.sink.preference.PreferenceRecordReader;
import java.time.Clock;
import java.util.Optional;

/**
 * Marketing preferences, consent and opt-in type from Dynamics: read from contact records (configured columns) and
 * from the subscription topic, and applied by {@link PreferenceApplier} once no import holds the contact's email, so
 * the contact exists in Dotdigital and its data-field import is not overtaken.
 */
final class PreferenceRecords {
    private final PreferenceConfig config;
    private final PreferenceRecordReader reader;
    private final PreferenceApplier applier;
    private final EmailCache emails;
    private final PendingWork work;

    PreferenceRecords(PreferenceConfig config, PreferenceApplier applier, EmailCache emails, PendingWork work) {
        this.config = config;
        this.reader = new PreferenceRecordReader(config);
        this.applier = applier;
        this.emails = emails;
        this.work = work;
    }

    /** @return null when no preference, consent or opt-in type setting is configured */
    static PreferenceRecords ifConfigured(DotdigitalSinkConfig sinkConfig, DotdigitalClient client,
                                          DotdigitalSinkMetrics metrics, Clock clock, EmailCache emails,
                                          PendingWork work) {
        PreferenceConfig config = PreferenceConfig.from(sinkConfig);
        if (!config.readsContactRecords() && config.subscriptionTopic().isEmpty() && config.consentTopic().isEmpty()) {
            return null;
        }
        return new PreferenceRecords(config, new PreferenceApplier(client, config,
                new PreferenceMetrics(metrics.connectorMetrics()), clock), emails, work);
    }

    boolean isConsentTopic(String topic) {
        return config.isConsentTopic(topic);
    }

    /** A consent record of the consent topic, stored with its contact once; a tombstone changes nothing. */
    void consent(RecordRef ref) {
        if (ref.record().value() == null) {
            work.finish(ref);
            return;
        }
        applyAfterImports(reader.fromConsentTopic(ref.record(), emails::get), ref, () -> { });
    }

    boolean isSubscriptionTopic(String topic) {
        return config.isSubscriptionTopic(topic);
    }

    /** What a contact record says about preferences; read before its import so a bad value rejects it whole. */
    Optional<CrmPreferences> ofContact(RecordRef ref, String email) {
        Optional<CrmPreferences> prefs = reader.fromContact(ref.record(), email);
        prefs.ifPresent(applier::requireKnownPreferences);
        return prefs;
    }

    /** Applies {@code prefs} after the imports of its email, then finishes the record. */
    void applyAfterImports(CrmPreferences prefs, RecordRef ref, Runnable before) {
        work.whenIdle(prefs.email(), ref, () -> {
            before.run();
            applier.apply(prefs, "the record at " + ref.describe());
        });
    }

    /** A subscription row; a tombstone (the row was deleted in Dynamics) changes nothing in Dotdigital. */
    void subscription(RecordRef ref) {
        if (ref.record().value() == null) {
            work.finish(ref);
            return;
        }
        CrmPreferences prefs = reader.fromSubscription(ref.record(), emails::get);
        applier.requireKnownPreferences(prefs);
        applyAfterImports(prefs, ref, () -> { });
    }
}
