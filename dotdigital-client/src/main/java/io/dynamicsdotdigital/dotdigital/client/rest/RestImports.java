package io.dynamicsdotdigital.dotdigital.client.rest;

import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.MAPPER;
import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.isSuccess;
import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.json;
import static io.dynamicsdotdigital.dotdigital.client.rest.RestCalls.segment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.ImportFaultReport;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ImportApi;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

/** Bulk contact imports over REST: the v3 JSON import, the v2 CSV import into an address book, and their status. */
final class RestImports {
    private final RestCalls calls;

    RestImports(RestCalls calls) {
        this.calls = calls;
    }

    ImportHandle start(ContactImport request) {
        return request.api() == ImportApi.V3_JSON ? startV3Import(request) : startV2CsvImport(request);
    }

    private ImportHandle startV3Import(ContactImport request) {
        byte[] body = ImportBodies.v3Body(request);
        requireWithinLimit(body.length, request);
        JsonNode n = calls.sendJsonOnce(calls.request("/contacts/v3/import").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), "PUT /contacts/v3/import", "imports");
        String id = Json.text(n, "importId");
        if (id == null || id.isBlank()) {
            throw new DotdigitalApiException("Dotdigital PUT /contacts/v3/import accepted the import but returned"
                    + " no importId", 202, "");
        }
        return new ImportHandle(id, ImportApi.V3_JSON);
    }

    /** Sends the CSV as the JSON envelope {@code {fileName, data}} with base64 data. */
    private ImportHandle startV2CsvImport(ContactImport request) {
        byte[] csv = ImportBodies.csv(request.contacts());
        long envelope = (csv.length + 2L) / 3 * 4 + 64;
        requireWithinLimit(envelope, request);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("fileName", "contacts-" + System.currentTimeMillis() + ".csv");
        body.put("data", Base64.getEncoder().encodeToString(csv));
        String path = "/v2/address-books/" + request.addressBookId() + "/contacts/import/with-merge-option/"
                + request.mergeOption().v2Name();
        JsonNode n = calls.sendJsonOnce(calls.request(path).POST(json(body)), "POST " + path, "imports");
        String id = Json.text(n, "id");
        if (id == null || id.isBlank()) {
            throw new DotdigitalApiException("Dotdigital POST " + path + " accepted the import but returned no id",
                    202, "");
        }
        return new ImportHandle(id, ImportApi.V2_CSV);
    }

    private static void requireWithinLimit(long bytes, ContactImport request) {
        if (bytes > ImportBodies.MAX_IMPORT_BODY_BYTES) {
            throw new IllegalArgumentException("the " + request.api() + " import of " + request.contacts().size()
                    + " contacts is " + bytes + " bytes, above Dotdigital's limit of "
                    + ImportBodies.MAX_IMPORT_BODY_BYTES + " bytes; send smaller batches");
        }
    }

    ImportResult status(ImportHandle handle) {
        String id = segment(handle.importId());
        if (handle.api() == ImportApi.V3_JSON) {
            return RestModelReader.v3ImportStatus(calls.getJson("/contacts/v3/import/" + id,
                    "GET /contacts/v3/import/{importId}", "imports"));
        }
        JsonNode progress = calls.getJson("/v2/contacts/import/" + id, "GET /v2/contacts/import/{importId}", "imports");
        String status = Json.text(progress, "status");
        if (!ImportResult.FINISHED.equalsIgnoreCase(status)) {
            return new ImportResult(handle.importId(), status, ImportSummary.EMPTY, List.of());
        }
        try {
            ImportSummary summary = RestModelReader.v2ImportReport(calls.getJson("/v2/contacts/import/" + id + "/report",
                    "GET /v2/contacts/import/{importId}/report", "imports"));
            String faultsPath = "/v2/contacts/import/" + id + "/report-faults";
            HttpResponse<String> r = calls.send(calls.request(faultsPath).header("Accept", "text/csv, application/json").GET(),
                    "imports");
            if (!isSuccess(r)) {
                throw RestErrors.toException("GET /v2/contacts/import/{importId}/report-faults", r.statusCode(),
                        r.body());
            }
            return new ImportResult(handle.importId(), status, summary, ImportFaultReport.parse(r.body()));
        } catch (DotdigitalApiException e) {
            if (ImportFaultReport.REPORT_NOT_READY.equals(e.errorCode())) {
                return new ImportResult(handle.importId(), ImportResult.NOT_FINISHED, ImportSummary.EMPTY, List.of());
            }
            throw e;
        }
    }
}
