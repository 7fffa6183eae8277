package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * lookup.resolve.*: reads, in one $batch per put, the rows the records name by id and gives each record the lookup
 * to bind (column to id), copied from that row. Records whose row is missing or has no value get none; a record
 * without a usable id goes to the failed records.
 */
final class ResolvedLookups {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResolvedLookupSettings settings;

    ResolvedLookups(ResolvedLookupSettings settings) {
        this.settings = settings;
    }

    /** The lookups of each record, by identity; a record missing from the answer failed. */
    Map<SinkRecord, Map<String, String>> resolve(List<SinkRecord> records, BatchRounds rounds,
                                                 FailedRecords failures) {
        Map<SinkRecord, String> rowIds = new java.util.IdentityHashMap<>();
        Map<String, WriteOperation> reads = new LinkedHashMap<>();
        for (SinkRecord record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                Object id = RowMapper.value(RowMapper.fields(record.value(), "value"), settings.idField());
                if (id == null || !ODataLiterals.GUID.matcher(id.toString().trim()).matches()) {
                    throw new UnwritableRecordException("its field '" + settings.idField() + "' ("
                            + ResolvedLookupSettings.ID_FIELD + ") holds " + (id == null ? "nothing" : "'" + id + "'")
                            + ", not the GUID of the " + settings.entitySet() + " row to read "
                            + settings.sourceColumn() + " from");
                }
                String rowId = id.toString().trim().toLowerCase(Locale.ROOT);
                rowIds.put(record, rowId);
                reads.computeIfAbsent(rowId, r -> new WriteOperation(record, new WriteRequest("GET",
                        settings.entitySet() + "(" + r + ")?$select=" + valueColumn(), null, false), null));
            } catch (UnwritableRecordException e) {
                failures.fail(record, new UnwritableRecordException(FailedRecords.where(record) + ": "
                        + e.getMessage()));
            }
        }
        Map<String, String> found = new HashMap<>();
        rounds.send(new ArrayList<>(reads.values()), "lookup reads", (read, result) -> {
            if (result.status() == 404) {
                return; // not a row of that table (e.g. a single send's id): written without the lookup
            }
            if (!result.ok()) {
                throw new ConnectException(MatchedRows.refusal(read, "the read GET " + read.path() + " ("
                        + ResolvedLookupSettings.COLUMN + ")", result).getMessage());
            }
            try {
                JsonNode value = JSON.readTree(result.body()).get(valueColumn());
                if (value != null && !value.isNull()) {
                    found.put(read.path().substring(settings.entitySet().length() + 1,
                            read.path().indexOf(')')), value.asText());
                }
            } catch (JsonProcessingException e) {
                throw new ConnectException("Dataverse answered GET " + read.path() + " with a body that is not JSON", e);
            }
        });
        Map<SinkRecord, Map<String, String>> out = new java.util.IdentityHashMap<>();
        for (SinkRecord record : records) {
            if (record.value() == null) {
                out.put(record, Map.of());
            } else if (rowIds.containsKey(record)) {
                String target = found.get(rowIds.get(record));
                out.put(record, target == null ? Map.of() : Map.of(settings.column(), target));
            }
        }
        return out;
    }

    private String valueColumn() {
        return "_" + settings.sourceColumn() + "_value";
    }
}
