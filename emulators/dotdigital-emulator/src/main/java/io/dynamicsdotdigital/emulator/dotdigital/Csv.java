package io.dynamicsdotdigital.emulator.dotdigital;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF) into header-keyed rows. */
final class Csv {
    private Csv() {
    }

    record Table(List<String> header, List<Map<String, String>> rows) {
        boolean hasColumn(String name) {
            return header.stream().anyMatch(h -> h.equalsIgnoreCase(name));
        }
    }

    static Table parse(String text) {
        List<List<String>> lines = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n' || ch == '\r') {
                if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                lines.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(ch);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            lines.add(row);
        }
        lines.removeIf(l -> l.size() == 1 && l.get(0).isBlank());
        if (lines.isEmpty()) {
            return new Table(List.of(), List.of());
        }
        List<String> header = new ArrayList<>();
        for (String h : lines.get(0)) {
            header.add(h.trim().equalsIgnoreCase("email") ? "Email" : h.trim());
        }
        List<Map<String, String>> rows = new ArrayList<>(lines.size());
        for (int r = 1; r < lines.size(); r++) {
            Map<String, String> m = new LinkedHashMap<>();
            List<String> cells = lines.get(r);
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), c < cells.size() ? cells.get(c) : "");
            }
            rows.add(m);
        }
        return new Table(header, rows);
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
