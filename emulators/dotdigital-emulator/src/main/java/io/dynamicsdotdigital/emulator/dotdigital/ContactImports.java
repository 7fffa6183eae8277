package io.dynamicsdotdigital.emulator.dotdigital;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.emulator.dotdigital.ContactImport.ContactRef;
import io.dynamicsdotdigital.emulator.dotdigital.ContactImport.Failure;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredBook;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalState.StoredContact;
import io.dynamicsdotdigital.emulator.dotdigital.Model.DataField;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Accepts v2 CSV and v3 JSON imports, keeps them NotFinished for the processing delay, then applies them to the
 * state in one locked pass. Also holds the per-contact v3 write rules shared with the single-contact PATCH.
 */
final class ContactImports implements AutoCloseable {
    static final int MAX_ACTIVE_IMPORTS = 25;
    static final Set<String> FAILURE_STATUSES = Set.of("Failed", "RejectedByWatchdog", "InvalidFileFormat",
            "Unknown", "ExceedsAllowedContactLimit");

    /** Thrown when the account already has {@link #MAX_ACTIVE_IMPORTS} unfinished imports. */
    static final class TooManyActiveImports extends Exception {
        private static final long serialVersionUID = 1L;

        TooManyActiveImports() {
            super("too many active imports", null, false, false);
        }
    }

    /** v3 contact write outcome. */
    record Outcome(StoredContact contact, boolean created, String failureCode, String description) {
        boolean failed() {
            return failureCode != null;
        }
    }

    private static final java.lang.management.ThreadMXBean CPU =
            java.lang.management.ManagementFactory.getThreadMXBean();

    private final DotdigitalState state;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<String> failNext = new AtomicReference<>();
    private volatile Duration delay = Duration.ofMillis(50);

    ContactImports(DotdigitalState state) {
        this.state = state;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dotdigital-emulator-imports");
            t.setDaemon(true);
            return t;
        });
    }

    void failNext(String status) {
        if (!FAILURE_STATUSES.contains(status)) {
            throw new IllegalArgumentException("Not an import failure status: " + status + " (one of "
                    + FAILURE_STATUSES + ")");
        }
        failNext.set(status);
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    ContactImport submitCsv(int addressBookId, List<String> header, List<Map<String, String>> rows,
                            boolean hasEmailColumn, String mergeOption) throws TooManyActiveImports {
        return submit(ContactImport.Kind.V2_CSV, new CsvPayload(header, rows, hasEmailColumn), addressBookId,
                mergeOption);
    }

    ContactImport submitV3(JsonNode contacts, String mergeOption) throws TooManyActiveImports {
        return submit(ContactImport.Kind.V3_JSON, contacts, 0, mergeOption);
    }

    private record CsvPayload(List<String> header, List<Map<String, String>> rows, boolean hasEmailColumn) {
        /** Email first, then the other columns in file order. */
        List<String> faultColumns() {
            List<String> cols = new java.util.ArrayList<>();
            cols.add("Email");
            header.stream().filter(h -> !h.equals("Email")).forEach(cols::add);
            return cols;
        }
    }

    private ContactImport submit(ContactImport.Kind kind, Object payload, int bookId, String mergeOption)
            throws TooManyActiveImports {
        ContactImport job;
        synchronized (state) {
            if (state.activeImports() >= MAX_ACTIVE_IMPORTS) {
                throw new TooManyActiveImports();
            }
            job = new ContactImport(UUID.randomUUID().toString(), kind, state.now(), failNext.getAndSet(null),
                    payload, bookId, mergeOption);
            state.addImport(job);
        }
        scheduler.schedule(() -> process(job), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        return job;
    }

    /** Finishes every unfinished import now (tests that hold imports with a long delay). */
    void processAllNow() {
        for (ContactImport job : state.imports()) {
            process(job);
        }
    }

    void process(ContactImport job) {
        synchronized (state) {
            if (!"NotFinished".equals(job.status())) {
                return;
            }
            synchronized (job) {
                long started = System.nanoTime();
                long cpuStarted = CPU.getCurrentThreadCpuTime();
                if (job.plannedFailure() != null) {
                    job.status(job.plannedFailure());
                } else if (job.kind() == ContactImport.Kind.V2_CSV) {
                    processCsv(job, (CsvPayload) job.payload);
                } else {
                    processV3(job, (JsonNode) job.payload);
                }
                job.payload = null;
                job.processed(System.nanoTime() - started, CPU.getCurrentThreadCpuTime() - cpuStarted);
            }
        }
    }

    // ---------------------------------------------------------------- v2 CSV

    private void processCsv(ContactImport job, CsvPayload csv) {
        if (!csv.hasEmailColumn()) {
            job.status("InvalidFileFormat");
            return;
        }
        StoredBook book = state.storedBook(job.addressBookId);
        List<String> columns = csv.faultColumns();
        job.csvHeader = columns;
        Set<String> seen = new HashSet<>();
        for (Map<String, String> row : csv.rows()) {
            String email = row.getOrDefault("Email", "").trim();
            List<String> values = columns.stream().map(col -> row.getOrDefault(col, "")).toList();
            if (!DotdigitalState.isValidEmail(email)) {
                job.count("invalidEntries");
                job.faults.add(new ContactImport.Fault("InvalidEmail", email, values));
                continue;
            }
            if (!seen.add(DotdigitalState.key(email))) {
                job.count("duplicateEmails");
                job.faults.add(new ContactImport.Fault("Duplicate", email, values));
                continue;
            }
            Map<String, Object> fieldValues = new LinkedHashMap<>();
            String bad = null;
            for (Map.Entry<String, String> e : row.entrySet()) {
                if (e.getKey().equalsIgnoreCase("Email")) {
                    continue;
                }
                DataField f = state.dataField(e.getKey()).orElse(null);
                if (f == null) {
                    continue; // unmapped columns are ignored, as the UI import does with unmatched columns
                }
                try {
                    fieldValues.put(f.name(), convert(f, e.getValue()));
                } catch (IllegalArgumentException ex) {
                    bad = f.name();
                }
            }
            if (bad != null) {
                job.count("invalidEntries");
                job.faults.add(new ContactImport.Fault("InvalidData", email, values));
                continue;
            }
            StoredContact existing = state.stored(email);
            if (existing != null && Model.isSuppressedStatus(existing.status)) {
                // the example report names the contact's suppression status as the reason (e.g. Unsubscribed)
                job.count("globallySuppressed");
                job.faults.add(new ContactImport.Fault(existing.status, email, values));
                continue;
            }
            StoredContact c = existing != null ? existing : state.findOrCreate(email);
            merge(c, fieldValues, job.mergeOption);
            c.modified = state.now();
            if (book != null) {
                book.members.add(c.id);
                book.unsubscribed.remove(c.id);
            }
            job.count(existing == null ? "newContacts" : "updatedContacts");
        }
        job.status("Finished");
    }

    // ---------------------------------------------------------------- v3

    private void processV3(ContactImport job, JsonNode contacts) {
        Set<String> seen = new HashSet<>();
        for (JsonNode item : contacts) {
            String match = item.path("matchIdentifier").asText("email");
            JsonNode identifiers = item.path("identifiers");
            String email = identifiers.path("email").asText(null);
            if (email != null && !DotdigitalState.isValidEmail(email)) {
                // checked first so that the failure names the invalid value rather than a duplicate
            } else if (email != null && !seen.add(DotdigitalState.key(email))) {
                job.count("duplicateIdentifiers");
                job.failures.add(failure(match, identifiers, null, "Duplicate",
                        "The identifier '" + email + "' appears more than once in this import"));
                continue;
            }
            Outcome o = writeV3(match, identifiers, item, normalizeMerge(job.mergeOption), true);
            if (o.failed()) {
                job.count("GloballySuppressed".equals(o.failureCode()) ? "globallySuppressed" : "invalidEntries");
                job.failures.add(failure(match, identifiers, o.contact() == null ? null : o.contact().id,
                        o.failureCode(), o.description()));
            } else if (o.created()) {
                job.count("newContacts");
                job.created.add(new ContactRef(o.contact().id, o.contact().email));
            } else {
                job.count("updatedContacts");
                job.updated.add(new ContactRef(o.contact().id, o.contact().email));
            }
        }
        job.status("Finished");
    }

    private static Failure failure(String match, JsonNode identifiers, Integer contactId, String code, String text) {
        Map<String, Object> ids = new LinkedHashMap<>();
        identifiers.fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().isNull() ? null
                : e.getValue().asText()));
        return new Failure(match, ids, contactId, code, text);
    }

    static String normalizeMerge(String mergeOption) {
        if (mergeOption == null) {
            return "overwrite";
        }
        String m = mergeOption.replace("-", "").toLowerCase(Locale.ROOT);
        switch (m) {
            case "overwriteifnotempty":
            case "onlyoverwriteifnotempty":
                return "overwriteIfNotEmpty";
            case "overwriteifempty":
            case "onlyoverwriteifcontactdatanotpopulated":
                return "overwriteIfEmpty";
            default:
                return "overwrite";
        }
    }

    /**
     * Creates or updates one contact from a v3 body. A suppressed contact asked to become subscribed is refused with
     * GloballySuppressed when {@code refuseSuppressed}; otherwise its status is left unchanged. Caller holds the lock.
     */
    Outcome writeV3(String matchIdentifier, JsonNode identifiers, JsonNode body, String mergeOption,
                    boolean refuseSuppressed) {
        String email = identifiers.path("email").asText(null);
        StoredContact existing = null;
        if ("contactId".equals(matchIdentifier) && identifiers.hasNonNull("contactId")) {
            existing = state.stored(identifiers.path("contactId").asInt());
            if (existing == null) {
                return new Outcome(null, false, "NoValidIdentifiers", "No contact has the contactId "
                        + identifiers.path("contactId").asText());
            }
            email = existing.email;
        } else if (!"email".equals(matchIdentifier) && !"contactId".equals(matchIdentifier)) {
            if (email == null) {
                return new Outcome(null, false, "NoValidIdentifiers",
                        "The emulator matches contacts by email or contactId only; '" + matchIdentifier
                                + "' was given without an email");
            }
        }
        if (email == null || email.isBlank()) {
            return new Outcome(null, false, "NoValidIdentifiers", "No valid identifiers were provided");
        }
        if (!DotdigitalState.isValidEmail(email)) {
            return new Outcome(null, false, "InvalidEmail", "Invalid value for 'email'");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.path("dataFields").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            DataField f = state.dataField(e.getKey()).orElse(null);
            if (f == null) {
                return new Outcome(null, false, "ApiSchemaViolation",
                        "The data field '" + e.getKey() + "' does not exist");
            }
            try {
                values.put(f.name(), convert(f, e.getValue()));
            } catch (IllegalArgumentException ex) {
                return new Outcome(null, false, "ApiSchemaViolation", "The value of data field '" + f.name()
                        + "' is not a valid " + f.type());
            }
        }
        V3PreferencesAndConsent extras;
        try {
            extras = V3PreferencesAndConsent.read(state, body, state.now());
        } catch (IllegalArgumentException ex) {
            return new Outcome(null, false, "ApiSchemaViolation", ex.getMessage());
        }
        JsonNode emailChannel = body.path("channelProperties").path("email");
        String requested = emailChannel.path("status").asText(null);
        if (existing == null) {
            existing = state.stored(email);
        }
        boolean suppressed = existing != null && Model.isSuppressedStatus(existing.status);
        if (suppressed && refuseSuppressed && "subscribed".equalsIgnoreCase(requested)) {
            return new Outcome(existing, false, "GloballySuppressed",
                    "The contact is suppressed at the account level and cannot be resubscribed");
        }
        boolean created = existing == null;
        StoredContact c = created ? state.findOrCreate(email) : existing;
        merge(c, values, mergeOption);
        if (emailChannel.hasNonNull("optInType")) {
            c.optInType = emailChannel.path("optInType").asText();
        }
        if (emailChannel.hasNonNull("emailType")) {
            c.emailType = emailChannel.path("emailType").asText();
        }
        if (requested != null && !suppressed) {
            String v2 = Character.toUpperCase(requested.charAt(0)) + requested.substring(1);
            if (Model.isSuppressedStatus(v2)) {
                state.suppress(c.email, state.now(), v2);
            } else {
                c.status = v2;
            }
        }
        for (JsonNode list : body.path("lists")) {
            StoredBook b = state.storedBook(list.asInt());
            if (b != null) {
                b.members.add(c.id);
            }
        }
        extras.applyTo(state, c);
        c.modified = state.now();
        return new Outcome(c, created, null, null);
    }

    static void merge(StoredContact c, Map<String, Object> values, String mergeOption) {
        String m = normalizeMerge(mergeOption);
        values.forEach((k, v) -> {
            boolean empty = v == null || (v instanceof String s && s.isEmpty());
            Object current = c.dataFields.get(k);
            boolean currentEmpty = current == null || (current instanceof String s && s.isEmpty());
            if ("overwriteIfNotEmpty".equals(m) && empty) {
                return;
            }
            if ("overwriteIfEmpty".equals(m) && !currentEmpty) {
                return;
            }
            if (empty) {
                c.dataFields.remove(k);
            } else {
                c.dataFields.put(k, v);
            }
        });
    }

    /** Converts a JSON or CSV value to the stored form of the field's type; IllegalArgumentException if wrong. */
    static Object convert(DataField f, Object raw) {
        if (raw instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) {
                return null;
            }
            raw = n.isNumber() ? n.decimalValue() : n.isBoolean() ? (Object) n.booleanValue() : n.asText();
        }
        if (raw == null) {
            return null;
        }
        if (raw instanceof String s && s.isEmpty()) {
            return "";
        }
        switch (f.type()) {
            case "Numeric":
                BigDecimal d = raw instanceof BigDecimal b ? b : new BigDecimal(raw.toString().trim());
                return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : d.doubleValue();
            case "Boolean":
                if (raw instanceof Boolean b) {
                    return b;
                }
                String s = raw.toString().trim().toLowerCase(Locale.ROOT);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new IllegalArgumentException("not a boolean");
            case "Date":
                Instant i = Dates.parse(raw.toString()).orElseThrow(() -> new IllegalArgumentException("not a date"));
                return Dates.format(i);
            default:
                if (raw instanceof BigDecimal b) {
                    return b.toPlainString();
                }
                return raw.toString();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
