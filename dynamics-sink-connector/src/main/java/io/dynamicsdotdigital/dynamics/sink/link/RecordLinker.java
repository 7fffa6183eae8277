package io.dynamicsdotdigital.dynamics.sink.link;

import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides which CRM records each record is linked to: the CRM id and type it carries, else the records with its
 * email address (looked up {@link #MAX_RECORDS_PER_LOOKUP} records at a time, in one $batch), narrowed by
 * {@code link.scope} and {@code link.ambiguous}. A record that cannot be linked gets the reason instead.
 */
public final class RecordLinker {
    /** Records per $batch of email lookups, as the issue asks: at most one $batch per 1000 rows. */
    public static final int MAX_RECORDS_PER_LOOKUP = 1000;

    /** What a record offers to be linked by; any part may be null. */
    public record Subject(String email, String crmId, String crmType) {
    }

    /** The records a subject is linked to, or why it is not. */
    public record Outcome(List<CrmRecord> records, String failure) {
        static Outcome linked(List<CrmRecord> records) {
            return new Outcome(List.copyOf(records), null);
        }

        static Outcome failed(String reason) {
            return new Outcome(List.of(), reason);
        }

        public boolean ok() {
            return failure == null;
        }
    }

    private final LinkSettings settings;
    private final EmailResolver resolver;

    public RecordLinker(LinkSettings settings, BatchReads reads) {
        this(settings, reads, List.of());
    }

    /**
     * @param compared columns read with each record so that updates setting them to the values they already have
     *                 are skipped; addresses are then not cached, as the values change with every update
     */
    public RecordLinker(LinkSettings settings, BatchReads reads, List<String> compared) {
        this.settings = settings;
        this.resolver = new EmailResolver(settings, reads, compared);
    }

    public LinkSettings settings() {
        return settings;
    }

    /** One outcome per subject, in order. */
    public List<Outcome> link(List<Subject> subjects) {
        List<Outcome> out = new ArrayList<>(subjects.size());
        for (int from = 0; from < subjects.size(); from += MAX_RECORDS_PER_LOOKUP) {
            List<Subject> chunk = subjects.subList(from, Math.min(subjects.size(), from + MAX_RECORDS_PER_LOOKUP));
            Set<String> emails = new LinkedHashSet<>();
            for (Subject s : chunk) {
                if (carried(s) == null && email(s) != null) {
                    emails.add(email(s));
                }
            }
            var found = resolver.resolve(emails);
            for (Subject s : chunk) {
                out.add(outcome(s, found));
            }
        }
        return out;
    }

    private Outcome outcome(Subject s, java.util.Map<String, List<CrmRecord>> found) {
        Outcome carried = carried(s);
        if (carried != null) {
            return carried;
        }
        String email = email(s);
        if (email == null) {
            return Outcome.failed("it has no email address in field '" + settings.emailField() + "' to find the "
                    + names() + " it belongs to");
        }
        List<CrmRecord> all = found.getOrDefault(email, List.of());
        List<CrmRecord> chosen = new ArrayList<>();
        for (LinkEntity entity : settings.entities()) {
            List<CrmRecord> ofEntity = all.stream().filter(r -> r.entity() == entity).toList();
            if (ofEntity.isEmpty()) {
                continue;
            }
            if (ofEntity.size() > 1) {
                switch (settings.ambiguous()) {
                    case LinkSettings.AMBIGUOUS_DEAD_LETTER:
                        return Outcome.failed(ofEntity.size() + " " + entity.entitySet() + " have "
                                + settings.emailColumn() + " '" + email + "' (" + ids(ofEntity) + ") and "
                                + LinkSettings.AMBIGUOUS + "=dead-letter");
                    case LinkSettings.AMBIGUOUS_NEWEST:
                        ofEntity = List.of(newest(ofEntity));
                        break;
                    default:
                        break;
                }
            }
            chosen.addAll(ofEntity);
            if (!settings.everyEntity()) {
                break;
            }
        }
        if (chosen.isEmpty()) {
            return Outcome.failed("no " + names() + " has " + settings.emailColumn() + " '" + email + "'");
        }
        return Outcome.linked(chosen);
    }

    /** The linked record the subject names by id, a failure when that id is unusable, or null when it names none. */
    private Outcome carried(Subject s) {
        if (s.crmId() == null || s.crmId().isBlank()) {
            return null;
        }
        String id = s.crmId().trim();
        LinkEntity entity = s.crmType() == null || s.crmType().isBlank() ? settings.entities().get(0)
                : LinkEntity.byName(s.crmType());
        if (entity == null || !settings.entities().contains(entity)) {
            return Outcome.failed("its CRM type '" + s.crmType() + "' (field '" + settings.crmTypeField()
                    + "') is not one of " + LinkSettings.ENTITIES + " " + names());
        }
        if (!ODataLiterals.GUID.matcher(id).matches()) {
            return Outcome.failed("its CRM id '" + id + "' (field '" + settings.crmIdField() + "') is not a GUID");
        }
        return Outcome.linked(List.of(new CrmRecord(entity, id.toLowerCase(Locale.ROOT), null, java.util.Map.of())));
    }

    private static String email(Subject s) {
        return s.email() == null || s.email().isBlank() ? null : s.email().trim().toLowerCase(Locale.ROOT);
    }

    private static CrmRecord newest(List<CrmRecord> records) {
        return records.stream().max(Comparator.comparing((CrmRecord r) -> r.createdOn() == null ? Instant.MIN
                : r.createdOn()).thenComparing(CrmRecord::id)).orElseThrow();
    }

    private static String ids(List<CrmRecord> records) {
        return String.join(", ", records.stream().map(CrmRecord::id).toList());
    }

    private String names() {
        return String.join(" or ", settings.entities().stream().map(LinkEntity::logicalName).toList());
    }
}
