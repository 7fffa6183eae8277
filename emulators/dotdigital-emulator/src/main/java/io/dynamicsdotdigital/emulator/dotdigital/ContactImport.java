package io.dynamicsdotdigital.emulator.dotdigital;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One bulk contact import, v2 (CSV into an address book) or v3 (JSON contacts). Mutated only under the state's lock
 * by {@link ContactImports}; read its getters from tests.
 */
public final class ContactImport {
    public enum Kind { V2_CSV, V3_JSON }

    /** One v3 per-contact failure. */
    public record Failure(String matchIdentifier, Map<String, Object> identifiers, Integer contactId,
                          String failureCode, String description) {
    }

    /** One v2 report-faults line: the reason and the row as uploaded. */
    public record Fault(String reason, String email, List<String> row) {
    }

    /** One v3 created/updated contact reference. */
    public record ContactRef(int contactId, String email) {
    }

    private final String id;
    private final Kind kind;
    private final Instant submitted;
    private final String plannedFailure;
    private volatile String status = "NotFinished";
    private volatile long processingNanos;
    private volatile long processingCpuNanos;
    final Map<String, Integer> report = new LinkedHashMap<>();
    final List<Fault> faults = new ArrayList<>();
    /** The uploaded CSV's columns (v2), echoed by report-faults after the Reason column. */
    List<String> csvHeader = List.of("Email");
    final List<Failure> failures = new ArrayList<>();
    final List<ContactRef> created = new ArrayList<>();
    final List<ContactRef> updated = new ArrayList<>();
    /** The work to do when processed; dropped afterwards to free memory. */
    Object payload;
    final int addressBookId;
    final String mergeOption;

    ContactImport(String id, Kind kind, Instant submitted, String plannedFailure, Object payload, int addressBookId,
                  String mergeOption) {
        this.id = id;
        this.kind = kind;
        this.submitted = submitted;
        this.plannedFailure = plannedFailure;
        this.payload = payload;
        this.addressBookId = addressBookId;
        this.mergeOption = mergeOption;
        for (String k : List.of("newContacts", "updatedContacts", "globallySuppressed", "invalidEntries",
                kind == Kind.V2_CSV ? "duplicateEmails" : "duplicateIdentifiers")) {
            report.put(k, 0);
        }
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public Instant submitted() {
        return submitted;
    }

    public String status() {
        return status;
    }

    void status(String status) {
        this.status = status;
    }

    /** How long applying the import to the state took (zero until processed). */
    public java.time.Duration processingTime() {
        return java.time.Duration.ofNanos(processingNanos);
    }

    /** CPU time of the thread that applied the import (zero until processed or when not measurable). */
    public java.time.Duration processingCpuTime() {
        return java.time.Duration.ofNanos(processingCpuNanos);
    }

    void processed(long nanos, long cpuNanos) {
        this.processingNanos = nanos;
        this.processingCpuNanos = cpuNanos;
    }

    String plannedFailure() {
        return plannedFailure;
    }

    public synchronized Map<String, Integer> report() {
        return Map.copyOf(report);
    }

    public synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    public synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    /**
     * {@code Reason,email,<other columns>} as Dotdigital's example shows (column names lower-cased), one line per
     * rejected row with the row's values.
     */
    public synchronized String faultsCsv() {
        StringBuilder csv = new StringBuilder("Reason");
        for (String h : csvHeader) {
            csv.append(',').append(Csv.escape(h.toLowerCase(java.util.Locale.ROOT)));
        }
        csv.append("\r\n");
        for (Fault f : faults) {
            csv.append(Csv.escape(f.reason()));
            for (String v : f.row()) {
                csv.append(',').append(Csv.escape(v));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    synchronized void count(String key) {
        report.merge(key, 1, Integer::sum);
    }
}
