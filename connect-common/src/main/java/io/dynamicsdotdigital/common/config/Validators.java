package io.dynamicsdotdigital.common.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Reusable validators; an enum validator doubles as its recommender so UIs show the choices. */
public final class Validators {
    private Validators() {
    }

    /** Case-insensitive choice among fixed values; also recommends them. */
    public static EnumValidator oneOf(String... values) {
        return new EnumValidator(List.of(values));
    }

    public static final class EnumValidator implements ConfigDef.Validator, ConfigDef.Recommender {
        private final List<String> values;

        EnumValidator(List<String> values) {
            this.values = values;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String v = value.toString();
            for (String allowed : values) {
                if (allowed.equalsIgnoreCase(v)) {
                    return;
                }
            }
            throw new ConfigException(name, value, "must be one of " + values);
        }

        @Override
        public List<Object> validValues(String name, Map<String, Object> parsedConfig) {
            return List.copyOf(values);
        }

        @Override
        public boolean visible(String name, Map<String, Object> parsedConfig) {
            return true;
        }

        @Override
        public String toString() {
            return String.join(", ", values);
        }
    }

    /** An absolute http(s) URL; whether plain http is allowed is checked where the HTTP settings are known. */
    public static ConfigDef.Validator httpUrl(boolean optional) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                String v = value == null ? "" : value.toString().trim();
                if (v.isEmpty()) {
                    if (optional) {
                        return;
                    }
                    throw new ConfigException(name, value, "a URL is required");
                }
                try {
                    URI uri = new URI(v);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                        throw new ConfigException(name, value, "must be an absolute https:// URL");
                    }
                } catch (URISyntaxException e) {
                    throw new ConfigException(name, value, "is not a valid URL: " + e.getReason());
                }
            }

            @Override
            public String toString() {
                return optional ? "empty or an https:// URL" : "an https:// URL";
            }
        };
    }

    /** Every list element matches {@code pattern}. */
    public static ConfigDef.Validator listOf(Pattern pattern, String description) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                @SuppressWarnings("unchecked")
                List<String> items = value instanceof List ? (List<String>) value
                        : Arrays.asList(value.toString().split(","));
                for (String item : items) {
                    if (!pattern.matcher(item.trim()).matches()) {
                        throw new ConfigException(name, value, "'" + item + "' is not " + description);
                    }
                }
            }

            @Override
            public String toString() {
                return "a list of " + description;
            }
        };
    }
}
