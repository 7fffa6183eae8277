package io.dynamicsdotdigital.dotdigital.sink.preference;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.ConsentRecord;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.client.model.PreferenceChoice;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what a Dynamics record says to the contact in Dotdigital, by these rules:
 * <ul>
 *   <li>no echo: a value Dotdigital already holds is not written (so a change that came from Dotdigital through the
 *   write-back does not bounce back);</li>
 *   <li>newer wins: a changed value is written only when Dynamics modified it after Dotdigital's time for that contact
 *   and preference, less the clock skew tolerance; otherwise it is skipped and counted;</li>
 *   <li>the opt-in type only moves up; a lower one is ignored and counted;</li>
 *   <li>a consent record is added unless Dotdigital holds the same evidence already.</li>
 * </ul>
 * All changed preferences of the record go in one {@code PUT /v2/contacts/{email}/preferences}.
 */
public final class PreferenceApplier {
    private static final Logger log = LoggerFactory.getLogger(PreferenceApplier.class);

    private final DotdigitalClient client;
    private final DotdigitalPreferenceCache cache;
    private final PreferenceCatalog catalog;
    private final PreferenceMetrics metrics;
    private final Duration tolerance;
    private final String ownWritesDataField;
    private final int ownWritesMaxLength;

    public PreferenceApplier(DotdigitalClient client, PreferenceConfig config, PreferenceMetrics metrics, Clock clock) {
        this.client = client;
        this.ownWritesDataField = config.ownWritesDataField();
        this.ownWritesMaxLength = config.ownWritesMaxLength();
        if (!ownWritesDataField.isEmpty()) {
            requireOwnWritesDataField();
        }
        this.cache = new DotdigitalPreferenceCache(client, clock, config.cacheMaxEntries(), config.cacheTtl(),
                ownWritesDataField);
        this.catalog = new PreferenceCatalog(client, clock);
        this.metrics = metrics;
        this.tolerance = config.clockSkewTolerance();
    }

    /**
     * Checks the preference ids against Dotdigital before anything is written for the record.
     *
     * @throws io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException for an id Dotdigital lacks
     */
    public void requireKnownPreferences(CrmPreferences prefs) {
        prefs.changes().forEach(c -> catalog.require(c.preferenceId(), c.origin()));
    }

    /**
     * @param origin the record, for messages
     * @throws io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException for an unknown preference or a
     *         contact Dotdigital does not have
     */
    public void apply(CrmPreferences prefs, String origin) {
        requireKnownPreferences(prefs);
        HeldPreferences held = cache.contact(prefs.email(), origin);
        writePreferences(prefs, held);
        raiseOptInType(prefs.optInType(), held);
        addConsent(prefs.consent(), held);
    }

    private void writePreferences(CrmPreferences prefs, HeldPreferences held) {
        Map<Long, PreferenceChange> latest = new LinkedHashMap<>();
        for (PreferenceChange c : prefs.changes()) {
            latest.merge(c.preferenceId(), c, (a, b) -> b.modifiedOn().isBefore(a.modifiedOn()) ? a : b);
        }
        List<PreferenceChange> toWrite = new ArrayList<>();
        for (PreferenceChange change : latest.values()) {
            boolean readEarlier = held.optIns.containsKey(change.preferenceId());
            HeldPreferences.Held current = cache.optIn(held, change.preferenceId());
            boolean holds = current == null ? false : current.optedIn();
            if (holds != change.optedIn() && readEarlier) {
                // The cached value may predate a change made in Dotdigital since, which the write-back then brings
                // here as a Dynamics change: Dotdigital is asked again before a write, so it is not written back.
                current = cache.reread(held, change.preferenceId());
                holds = current == null ? false : current.optedIn();
            }
            if (holds == change.optedIn()) {
                metrics.unchanged.increment();
            } else if (current != null && !change.modifiedOn().isAfter(current.compareWith().minus(tolerance))) {
                log.debug("Preference {} of {}: Dynamics' change of {} is not newer than Dotdigital's of {}; skipped",
                        change.preferenceId(), prefs.email(), change.modifiedOn(), current.compareWith());
                metrics.olderSkipped.increment();
            } else {
                toWrite.add(change);
            }
        }
        if (toWrite.isEmpty()) {
            return;
        }
        client.preferenceWrites().setContactPreferences(prefs.email(), toWrite.stream()
                .map(c -> new PreferenceChoice(c.preferenceId(), c.optedIn())).toList());
        for (PreferenceChange c : toWrite) {
            held.optIns.put(c.preferenceId(), new HeldPreferences.Held(c.optedIn(), null, c.modifiedOn()));
            metrics.written.increment();
        }
        if (!ownWritesDataField.isEmpty()) {
            recordOwnWrites(toWrite, held);
        }
    }

    /**
     * Reads Dotdigital's stamp of each preference just written and keeps it, with the Dynamics time written, in the
     * contact's data field, where a later task finds it (see {@link OwnWrites}).
     */
    private void recordOwnWrites(List<PreferenceChange> written, HeldPreferences held) {
        for (PreferenceChange c : written) {
            client.preferenceWrites().contactOptIn(held.contact.id(), c.preferenceId())
                    .filter(o -> o.isOptedIn() == c.optedIn() && o.dateModified() != null)
                    .ifPresent(o -> held.ownWrites.put(c.preferenceId(), new OwnWrites.Write(c.preferenceId(),
                            c.optedIn(), c.modifiedOn(), o.dateModified())));
        }
        Contact c = held.contact;
        client.upsertContact(new Contact(c.id(), c.email(), null, null, Map.of(ownWritesDataField,
                OwnWrites.format(held.ownWrites, ownWritesMaxLength)), null));
    }

    private void requireOwnWritesDataField() {
        for (DataField f : client.dataFields()) {
            if (f.name().equalsIgnoreCase(ownWritesDataField)) {
                if (!"String".equalsIgnoreCase(f.type())) {
                    throw new ConfigException(PreferenceConfig.WRITTEN_DATAFIELD, ownWritesDataField, "the Dotdigital"
                            + " data field exists with type " + f.type() + "; it must be a String field");
                }
                return;
            }
        }
        client.createDataField(new DataField(ownWritesDataField, "String", "Private", null));
        log.info("Created the Dotdigital data field {} ({}) for the sink's own preference writes",
                ownWritesDataField, PreferenceConfig.WRITTEN_DATAFIELD);
    }

    private void raiseOptInType(OptInType wanted, HeldPreferences held) {
        if (wanted == null) {
            return;
        }
        OptInType current = held.optInType == null ? OptInType.UNKNOWN : held.optInType;
        if (wanted.isAbove(current)) {
            Contact c = held.contact;
            client.upsertContact(new Contact(c.id(), c.email(), wanted.apiName(), null, Map.of(), null));
            held.optInType = wanted;
            metrics.optInTypeRaised.increment();
        } else if (current.isAbove(wanted)) {
            log.debug("Opt-in type {} of {} ignored: Dotdigital holds {}, and opt-in types only move up", wanted,
                    held.contact.email(), current);
            metrics.optInTypeLowerIgnored.increment();
        }
    }

    private void addConsent(ConsentRecord consent, HeldPreferences held) {
        if (consent == null) {
            return;
        }
        List<ConsentRecord> current = cache.consents(held);
        if (current.stream().anyMatch(consent::sameEvidence)) {
            return;
        }
        client.preferenceWrites().addContactConsent(held.contact, consent);
        current.add(consent);
        metrics.consentWritten.increment();
    }
}
