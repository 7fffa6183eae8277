package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One record field mapped to one Dotdigital data field; the type is only set when the mapping names it. */
public record FieldMapping(String recordField, String dataField, DataFieldType declaredType) {

    /** Parses entries {@code recordField:DATAFIELD[:Type]}; data-field names are upper-cased like Dotdigital's. */
    public static List<FieldMapping> parse(List<String> entries) {
        List<FieldMapping> out = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("'" + entry + "' is not recordField:DATAFIELD[:Type]");
            }
            DataFieldType type = parts.length == 3 ? DataFieldType.fromApi(parts[2]) : null;
            out.add(new FieldMapping(parts[0].trim(), parts[1].trim().toUpperCase(Locale.ROOT), type));
        }
        return List.copyOf(out);
    }
}
