package io.dynamicsdotdigital.dotdigital.sink.datafields;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.DataField;
import io.dynamicsdotdigital.dotdigital.sink.record.DataFieldCatalog;
import io.dynamicsdotdigital.dotdigital.sink.record.DataFieldType;
import io.dynamicsdotdigital.dotdigital.sink.record.FieldMapping;
import io.dynamicsdotdigital.dotdigital.sink.record.FieldValue;
import io.dynamicsdotdigital.dotdigital.sink.record.RejectedRecordException;
import io.dynamicsdotdigital.dotdigital.sink.record.RecordErrorKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account's data fields, read once when the task starts. Missing mapped fields are created (with the mapping's
 * type, else one inferred from the first value) when auto-create is on; otherwise records that carry a value for
 * them fail with an error naming the field.
 */
public final class DataFieldRegistry implements DataFieldCatalog {
    private static final Logger log = LoggerFactory.getLogger(DataFieldRegistry.class);

    private final DotdigitalClient client;
    private final boolean autoCreate;
    private final Map<String, DataFieldType> types = new ConcurrentHashMap<>();

    public DataFieldRegistry(DotdigitalClient client, boolean autoCreate) {
        this.client = client;
        this.autoCreate = autoCreate;
    }

    /** Reads the account's data fields and creates the mapped ones that declare a type, when allowed. */
    public DataFieldRegistry load(List<FieldMapping> mappings) {
        for (DataField f : client.dataFields()) {
            types.put(key(f.name()), DataFieldType.fromApi(f.type()));
        }
        if (autoCreate) {
            for (FieldMapping m : mappings) {
                if (m.declaredType() != null && !types.containsKey(key(m.dataField()))) {
                    create(m.dataField(), m.declaredType());
                }
            }
        }
        for (FieldMapping m : mappings) {
            if (!types.containsKey(key(m.dataField())) && autoCreate) {
                log.info("Data field {} (mapped from record field '{}') does not exist in Dotdigital yet; it is"
                        + " created with the type of its first value", m.dataField(), m.recordField());
            } else if (!types.containsKey(key(m.dataField()))) {
                log.warn("Data field {} (mapped from record field '{}') does not exist in Dotdigital; {}",
                        m.dataField(), m.recordField(), autoCreate ? "it is created from the first value"
                                : "records with a value for it will fail (datafields.auto.create=false)");
            }
        }
        return this;
    }

    @Override
    public DataFieldType typeFor(FieldMapping mapping, FieldValue sample) {
        DataFieldType known = types.get(key(mapping.dataField()));
        if (known != null) {
            return known;
        }
        if (!autoCreate) {
            throw new RejectedRecordException(RecordErrorKind.UNKNOWN_DATA_FIELD, "data field "
                    + mapping.dataField() + " (mapped from record field '" + mapping.recordField()
                    + "') does not exist in Dotdigital and datafields.auto.create is false");
        }
        DataFieldType type = mapping.declaredType() != null ? mapping.declaredType() : DataFieldType.infer(sample);
        create(mapping.dataField(), type);
        return type;
    }

    private synchronized void create(String name, DataFieldType type) {
        if (types.containsKey(key(name))) {
            return;
        }
        client.createDataField(DataField.of(name, type.apiName()));
        types.put(key(name), type);
        log.info("Created Dotdigital data field {} of type {}", name, type.apiName());
    }

    public boolean exists(String name) {
        return types.containsKey(key(name));
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
