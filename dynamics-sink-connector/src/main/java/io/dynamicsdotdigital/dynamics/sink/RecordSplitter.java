package io.dynamicsdotdigital.dynamics.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * {@code split.field}: a record whose field holds an array (a survey response's answers) becomes one record per
 * element, with the record's other top-level fields and the element's fields (the element's win on a clash), so
 * each element becomes its own row. Derived records come from {@link SinkRecord#newRecord}, so the worker's
 * dead-letter queue still gets the original record. A record whose field is absent or empty yields no rows.
 */
final class RecordSplitter {
    private final String field;

    RecordSplitter(String field) {
        this.field = field;
    }

    Collection<SinkRecord> split(Collection<SinkRecord> records, FailedRecords failures) {
        List<SinkRecord> out = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            if (record.value() == null) {
                out.add(record);
                continue;
            }
            try {
                Map<String, Object> fields = RowMapper.fields(record.value(), "value");
                Object elements = fields.get(field);
                if (elements != null && !(elements instanceof List<?>)) {
                    throw new UnwritableRecordException("split.field '" + field + "' is not an array");
                }
                Map<String, Object> parent = new LinkedHashMap<>(fields);
                parent.remove(field);
                for (Object element : elements == null ? List.of() : (List<?>) elements) {
                    Map<String, Object> row = new LinkedHashMap<>(parent);
                    row.putAll(element instanceof Struct || element instanceof Map<?, ?>
                            ? RowMapper.fields(element, "element of " + field) : Map.of("value", element));
                    out.add(record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(),
                            record.key(), null, row, record.timestamp()));
                }
            } catch (UnwritableRecordException e) {
                failures.fail(record, new UnwritableRecordException(FailedRecords.where(record) + ": "
                        + e.getMessage()));
            }
        }
        return out;
    }
}
