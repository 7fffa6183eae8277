package io.dynamicsdotdigital.dotdigital.client.soap;

import com.apiconnector.ApiContactImport;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import io.dynamicsdotdigital.dotdigital.client.ImportBodies;
import io.dynamicsdotdigital.dotdigital.client.ImportFaultReport;
import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import io.dynamicsdotdigital.dotdigital.client.model.ImportApi;
import io.dynamicsdotdigital.dotdigital.client.model.ImportHandle;
import io.dynamicsdotdigital.dotdigital.client.model.ImportResult;
import io.dynamicsdotdigital.dotdigital.client.model.ImportSummary;
import io.dynamicsdotdigital.dotdigital.client.model.MergeOption;
import io.dynamicsdotdigital.dotdigital.client.ImportFaultReport;
import io.dynamicsdotdigital.dotdigital.soap.v2.ApiService;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bulk imports over SOAP: v2 CSV imports with the overwrite merge option and their status; every other import
 * (v3, other merge options) goes to the REST client.
 */
final class SoapImports {
    private final ApiService port;
    private final SoapCallPolicy policy;
    private final RestDotdigitalClient rest;

    SoapImports(ApiService port, SoapCallPolicy policy, RestDotdigitalClient rest) {
        this.port = port;
        this.policy = policy;
        this.rest = rest;
    }

    /**
     * v2 CSV imports with the overwrite merge option go through ImportContactsToAddressBook; v3 imports and other
     * merge options (which the SOAP operation cannot express) go over REST.
     */
    ImportHandle start(ContactImport request) {
        if (request.api() != ImportApi.V2_CSV || request.mergeOption() != MergeOption.OVERWRITE) {
            return rest.startImport(request);
        }
        byte[] csv = ImportBodies.csv(request.contacts());
        if (csv.length > ImportBodies.MAX_IMPORT_BODY_BYTES) {
            throw new IllegalArgumentException("the CSV import of " + request.contacts().size() + " contacts is "
                    + csv.length + " bytes, above Dotdigital's limit of " + ImportBodies.MAX_IMPORT_BODY_BYTES
                    + " bytes; send smaller batches");
        }
        int book = Math.toIntExact(request.addressBookId());
        ApiContactImport started = policy.callOnce("ImportContactsToAddressBook",
                () -> port.importContactsToAddressBook(book, csv, "CSV"));
        if (started == null || started.getId() == null || started.getId().isBlank()) {
            throw new DotdigitalApiException("Dotdigital SOAP ImportContactsToAddressBook accepted the import but"
                    + " returned no id", 200, "");
        }
        return new ImportHandle(started.getId(), ImportApi.V2_CSV);
    }

    ImportResult status(ImportHandle handle) {
        if (handle.api() != ImportApi.V2_CSV) {
            return rest.importStatus(handle);
        }
        String id = handle.importId();
        ApiContactImport progress = policy.call("GetContactImportProgress", () -> port.getContactImportProgress(id));
        String status = progress == null || progress.getStatus() == null ? "Unknown" : progress.getStatus().value();
        if (!ImportResult.FINISHED.equalsIgnoreCase(status)) {
            return new ImportResult(id, status, ImportSummary.EMPTY, List.of());
        }
        try {
            ImportSummary summary = SoapModelMapper.importReport(
                    policy.call("GetContactImportReport", () -> port.getContactImportReport(id)));
            byte[] faults = policy.call("GetContactImportReportFaults", () -> port.getContactImportReportFaults(id));
            String csv = faults == null ? "" : new String(faults, StandardCharsets.UTF_8);
            return new ImportResult(id, status, summary, ImportFaultReport.parse(csv));
        } catch (DotdigitalApiException e) {
            if (ImportFaultReport.REPORT_NOT_READY.equals(e.errorCode())) {
                return new ImportResult(id, ImportResult.NOT_FINISHED, ImportSummary.EMPTY, List.of());
            }
            throw e;
        }
    }
}
