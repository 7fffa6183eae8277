package io.dynamicsdotdigital.common.config;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} as a Markdown configuration reference, group by group in the definition's order, so
 * the docs are generated from the code and cannot drift.
 */
public final class ConfigDocs {
    private ConfigDocs() {
    }

    public static String markdown(String title, String intro, ConfigDef def) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(title).append("\n\n");
        out.append("<!-- Generated from the connector's ConfigDef by ConfigDocs; do not edit by hand. -->\n\n");
        if (intro != null && !intro.isBlank()) {
            out.append(intro.trim()).append("\n\n");
        }
        Map<String, List<ConfigDef.ConfigKey>> byGroup = new LinkedHashMap<>();
        for (String group : def.groups()) {
            byGroup.put(group, new ArrayList<>());
        }
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            byGroup.computeIfAbsent(key.group == null ? "Other" : key.group, g -> new ArrayList<>()).add(key);
        }
        for (Map.Entry<String, List<ConfigDef.ConfigKey>> group : byGroup.entrySet()) {
            if (group.getValue().isEmpty()) {
                continue;
            }
            group.getValue().sort(Comparator.comparingInt(k -> k.orderInGroup));
            out.append("## ").append(group.getKey()).append("\n\n");
            for (ConfigDef.ConfigKey key : group.getValue()) {
                out.append("### `").append(key.name).append("`\n\n");
                out.append(escape(key.documentation)).append("\n\n");
                out.append("- Type: ").append(key.type.name().toLowerCase()).append('\n');
                out.append("- Default: ").append(defaultText(key)).append('\n');
                if (key.validator != null && !key.validator.toString().isBlank()) {
                    out.append("- Valid values: ").append(escape(key.validator.toString())).append('\n');
                }
                out.append("- Importance: ").append(key.importance.name().toLowerCase()).append("\n\n");
            }
        }
        return out.toString();
    }

    private static String defaultText(ConfigDef.ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return key.defaultValue == null || key.defaultValue.toString().isEmpty() ? "\"\"" : "[hidden]";
        }
        Object v = key.defaultValue;
        if (v == null) {
            return "null";
        }
        String text = v instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                : String.valueOf(v);
        return "`" + (text.isEmpty() ? "\"\"" : text) + "`";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Writes a reference: {@code ConfigDocs <output.md> <title> <class with static configDef()> [intro]}.
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ConfigDocs <output.md> <title> <class> [intro]");
        }
        Method method = Class.forName(args[2]).getMethod("configDef");
        ConfigDef def = (ConfigDef) method.invoke(null);
        write(Path.of(args[0]), markdown(args[1], args.length > 3 ? args[3] : "", def));
    }

    public static void write(Path file, String markdown) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
    }
}
