package io.dynamicsdotdigital.dotdigital.sink.datafields;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The text form Dotdigital's contact model carries for converted data-field values. */
public final class DataValues {
    private DataValues() {
    }

    public static String toText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Instant i) {
            return i.toString();
        }
        return value.toString();
    }

    public static Map<String, String> toText(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, toText(v)));
        return out;
    }
}
