package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * newer.wins.*: before upserts are sent, the rows they address are read in one $batch (their modified-time column
 * and the columns the upserts set). An upsert whose values the row already has writes nothing (rows-unchanged); one
 * whose record is not newer than the row by more than the skew tolerance is skipped and counted (records-not-newer);
 * only newer records, and records of rows that do not exist yet, are written. So an older copy of a change, or a
 * change that came from Dynamics and went round through Dotdigital, neither overwrites the row nor echoes back.
 * With newer.wins.written.column, a row the connector itself last modified is compared with the record time the
 * connector wrote into it, not with the modifiedon its own write stamped.
 */
final class NewerWins {
    private static final Logger log = LoggerFactory.getLogger(NewerWins.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BIND = "@odata.bind";
    static final String MODIFIED_BY = "_modifiedby_value";

    private final NewerWinsSettings settings;
    private final DynamicsSinkMetrics metrics;
    /** The connector's own Dataverse user (WhoAmI), read at the first put that needs it. */
    private String ownUserId;

    NewerWins(NewerWinsSettings settings, DynamicsSinkMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
    }

    /** The operations still worth sending, in order; records without a usable time go to the failed records. */
    List<WriteOperation> filter(List<WriteOperation> operations, BatchRounds rounds, FailedRecords failures) {
        Map<WriteOperation, Instant> times = new IdentityHashMap<>();
        Map<String, Set<String>> columnsByPath = new LinkedHashMap<>();
        List<WriteOperation> compared = new ArrayList<>();
        for (WriteOperation op : operations) {
            if (!op.method().equals("PATCH") || op.path() == null) {
                continue;
            }
            try {
                times.put(op, recordTime(op));
            } catch (UnwritableRecordException e) {
                failures.fail(op.record(), new UnwritableRecordException(FailedRecords.where(op.record()) + ": "
                        + e.getMessage()));
                continue;
            }
            compared.add(op);
            Set<String> columns = columnsByPath.computeIfAbsent(op.path(), p -> new LinkedHashSet<>());
            columns.add(settings.column());
            if (!settings.writtenColumn().isEmpty()) {
                columns.add(settings.writtenColumn());
                columns.add(MODIFIED_BY);
            }
            op.request().body().fieldNames().forEachRemaining(name -> columns.add(readColumn(name)));
        }
        if (!settings.writtenColumn().isEmpty() && ownUserId == null && !compared.isEmpty()) {
            ownUserId = whoAmI(compared.get(0), rounds);
        }
        Map<String, Row> rows = readRows(columnsByPath, compared, rounds, failures);
        List<WriteOperation> out = new ArrayList<>(operations.size());
        for (WriteOperation op : operations) {
            if (!op.method().equals("PATCH") || op.path() == null) {
                out.add(op);
            } else if (times.containsKey(op) && rows.containsKey(op.path()) && wins(op, times.get(op),
                    rows.get(op.path()))) {
                out.add(op);
            }
        }
        return out;
    }

    /** What is known of one addressed row: its values and time as read, then as this put's earlier writes left it. */
    private static final class Row {
        ObjectNode values;
        Instant time;
        /** The time is from the records' own clock (this put's, or the record time the connector wrote last). */
        boolean sameClockAsRecords;
        String timeColumn;
    }

    private String whoAmI(WriteOperation any, BatchRounds rounds) {
        String[] userId = new String[1];
        rounds.send(List.of(any.with(new WriteRequest("GET", "WhoAmI", null, false))), "the connector's own user",
                (read, result) -> {
                    if (!result.ok()) {
                        throw new ConnectException(NewerWinsSettings.WRITTEN_COLUMN + " needs the connector's own"
                                + " Dataverse user, but GET WhoAmI answered " + result.status() + ": "
                                + result.body());
                    }
                    try {
                        userId[0] = JSON.readTree(result.body()).path("UserId").asText(null);
                    } catch (JsonProcessingException e) {
                        throw new ConnectException("Dataverse answered GET WhoAmI with a body that is not JSON", e);
                    }
                });
        if (userId[0] == null) {
            throw new ConnectException("Dataverse answered GET WhoAmI without a UserId, which "
                    + NewerWinsSettings.WRITTEN_COLUMN + " needs");
        }
        return userId[0];
    }

    private boolean wins(WriteOperation op, Instant recordTime, Row row) {
        ObjectNode body = op.request().body();
        if (row.values != null && alreadyHas(row.values, body)) {
            metrics.unchanged.increment();
            return false;
        }
        // Records of one put come from one source clock: the tolerance is for the row's time from another one.
        // A time the connector wrote from the records' own clock needs none either.
        long tolerance = row.sameClockAsRecords ? 0 : settings.skewMillis();
        if (row.time != null && !recordTime.isAfter(row.time.plusMillis(tolerance))) {
            metrics.notNewer.increment();
            log.debug("{}: not written, its {} {} is not newer than {} {} of {} (tolerance {} ms)",
                    FailedRecords.where(op.record()), settings.field(), recordTime, row.timeColumn, row.time,
                    op.path(), tolerance);
            return false;
        }
        row.values = body.deepCopy();
        row.time = recordTime;
        row.sameClockAsRecords = true;
        row.timeColumn = "this put's " + settings.field();
        return true;
    }

    private Map<String, Row> readRows(Map<String, Set<String>> columnsByPath, List<WriteOperation> compared,
                                      BatchRounds rounds, FailedRecords failures) {
        Map<String, WriteOperation> firstOfPath = new HashMap<>();
        compared.forEach(op -> firstOfPath.putIfAbsent(op.path(), op));
        List<WriteOperation> reads = new ArrayList<>();
        columnsByPath.forEach((path, columns) -> reads.add(firstOfPath.get(path).with(new WriteRequest("GET",
                path + "?$select=" + String.join(",", columns), null, false))));
        Map<String, Row> rows = new HashMap<>();
        rounds.send(reads, "newer-wins row reads", (read, result) -> {
            String path = read.path().substring(0, read.path().indexOf("?$select="));
            Row row = new Row();
            if (result.status() == 404) {
                rows.put(path, row); // not there yet: the record creates it
                return;
            }
            if (!result.ok()) {
                for (WriteOperation op : compared) {
                    if (op.path().equals(path)) {
                        failures.fail(op.record(), MatchedRows.refusal(op, "the newer-wins read GET " + read.path(),
                                result));
                    }
                }
                return;
            }
            try {
                row.values = (ObjectNode) JSON.readTree(result.body());
            } catch (JsonProcessingException | ClassCastException e) {
                throw new ConnectException("Dataverse answered the newer-wins read GET " + read.path()
                        + " with a body that is not a JSON object", e);
            }
            // The connector's own last write stamped modifiedon itself: the record time it wrote is the row's time.
            boolean ownWrite = !settings.writtenColumn().isEmpty()
                    && ownUserId.equalsIgnoreCase(row.values.path(MODIFIED_BY).asText(""));
            String setting = ownWrite ? NewerWinsSettings.WRITTEN_COLUMN : NewerWinsSettings.COLUMN;
            row.timeColumn = ownWrite ? settings.writtenColumn() : settings.column();
            row.sameClockAsRecords = ownWrite;
            JsonNode time = row.values.get(row.timeColumn);
            try {
                row.time = time == null || time.isNull() ? null : instant(time.asText());
            } catch (DateTimeParseException e) {
                throw new ConnectException(setting + " '" + row.timeColumn + "' of " + path + " holds '"
                        + time.asText() + "', not a date and time; name a DateTime column", e);
            }
            rows.put(path, row);
        });
        return rows;
    }

    /** The record's modified time at whole seconds, as Dataverse stores times. */
    private Instant recordTime(WriteOperation op) {
        Object value = RowMapper.value(RowMapper.fields(op.record().value(), "value"), settings.field());
        if (value == null) {
            throw new UnwritableRecordException("it has no modified time in field '" + settings.field() + "' ("
                    + NewerWinsSettings.FIELD + "), so it cannot be compared with the row's " + settings.column());
        }
        try {
            Instant t;
            if (value instanceof Date d) {
                t = d.toInstant();
            } else if (value instanceof Instant i) {
                t = i;
            } else if (value instanceof Number n) {
                t = Instant.ofEpochMilli(n.longValue());
            } else {
                t = instant(value.toString());
            }
            return t.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new UnwritableRecordException("its field '" + settings.field() + "' (" + NewerWinsSettings.FIELD
                    + ") holds '" + value + "', not a date and time (ISO-8601 or epoch milliseconds)");
        }
    }

    /**
     * ISO-8601 with or without an offset (none means UTC), also with a space before the time as Dotdigital writes
     * its dates ({@code 2020-01-01 09:40:18.527000+00:00}).
     */
    static Instant instant(String text) {
        String t = text.trim().replace(' ', 'T');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        }
    }

    /** The column a body field is read back as: a lookup bind's _x_value, else the field itself. */
    private static String readColumn(String bodyField) {
        return bodyField.endsWith(BIND) ? "_" + bodyField.substring(0, bodyField.length() - BIND.length()) + "_value"
                : bodyField;
    }

    /**
     * True when every column the body sets already holds that value (the modified-time column and the columns of
     * newer.wins.ignore.columns aside).
     */
    private boolean alreadyHas(ObjectNode row, ObjectNode body) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(settings.column()) || settings.ignoredColumns().contains(e.getKey())) {
                continue;
            }
            JsonNode wanted = e.getValue();
            if (e.getKey().endsWith(BIND)) {
                wanted = wanted.isNull() ? wanted : JSON.getNodeFactory().textNode(boundId(wanted.asText()));
            }
            if (!same(wanted, row.get(readColumn(e.getKey())))) {
                return false;
            }
        }
        return true;
    }

    private static String boundId(String bind) {
        int open = bind.lastIndexOf('(');
        return open < 0 ? bind : bind.substring(open + 1, bind.length() - 1).toLowerCase(Locale.ROOT);
    }

    static boolean same(JsonNode wanted, JsonNode has) {
        if (has == null || has.isNull() || wanted.isNull()) {
            return (has == null || has.isNull()) && wanted.isNull();
        }
        if (wanted.isNumber() && has.isNumber()) {
            return wanted.decimalValue().compareTo(has.decimalValue()) == 0;
        }
        if (wanted.isTextual() && has.isTextual()) {
            String a = wanted.asText();
            String b = has.asText();
            if (a.equals(b) || ODataLiterals.GUID.matcher(a).matches() && a.equalsIgnoreCase(b)) {
                return true;
            }
            try {
                return instant(a).truncatedTo(ChronoUnit.SECONDS).equals(instant(b).truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return wanted.equals(has);
    }
}
