package io.dynamicsdotdigital.dotdigital.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dotdigital.client.model.ImportFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The v2 import fault report, which the REST and SOAP transports both read. */
public final class ImportFaultReport {
    /** A finished import whose report is not readable yet is reported as still running, so callers poll again. */
    public static final String REPORT_NOT_READY = "ERROR_IMPORT_REPORT_NOT_YET_READY";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ImportFaultReport() {
    }

    /**
     * The v2 fault report: CSV with a {@code Reason} column and an {@code Email} column (any case), sometimes sent
     * as a JSON string or base64 text.
     */
    public static List<ImportFailure> parse(String body) {
        String csv = body == null ? "" : body.trim();
        if (csv.startsWith("\"")) {
            try {
                csv = MAPPER.readValue(csv, String.class).trim();
            } catch (IOException e) {
                // Not a JSON string after all: a CSV whose first field is quoted.
            }
        }
        if (!csv.isEmpty() && !csv.contains(",") && csv.matches("[A-Za-z0-9+/=\\s]+")) {
            try {
                csv = new String(Base64.getMimeDecoder().decode(csv), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                // Leave as is; the header check below reports it.
            }
        }
        List<List<String>> rows = CsvReader.parse(csv);
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = rows.get(0);
        int reason = indexOfIgnoreCase(header, "Reason");
        int email = indexOfIgnoreCase(header, "Email");
        if (reason < 0 || email < 0) {
            throw new DotdigitalApiException("Dotdigital import fault report has no Reason and Email columns; header: "
                    + header, 200, "");
        }
        List<ImportFailure> failures = new ArrayList<>(rows.size() - 1);
        for (List<String> row : rows.subList(1, rows.size())) {
            String r = reason < row.size() ? row.get(reason) : "";
            String e = email < row.size() ? row.get(email) : "";
            failures.add(new ImportFailure(e, r, r));
        }
        return failures;
    }

    private static int indexOfIgnoreCase(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).trim().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
