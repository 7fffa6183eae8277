package io.dynamicsdotdigital.dotdigital.client.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.client.DotdigitalApiException;
import org.junit.jupiter.api.Test;

class RestErrorsTest {

    @Test
    void v2MessageGivesTheTrailingErrorToken() {
        DotdigitalApiException e = RestErrors.toException("POST /v2/address-books/5/contacts", 400,
                "{\"message\":\"Contact is suppressed. ERROR_CONTACT_SUPPRESSED\"}");
        assertEquals("ERROR_CONTACT_SUPPRESSED", e.errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.isContactSuppressed());
        assertTrue(e.getMessage().contains("POST /v2/address-books/5/contacts"), e.getMessage());
        assertTrue(e.getMessage().contains("Contact is suppressed"), e.getMessage());
    }

    @Test
    void v2NotFoundAndTooManyImports() {
        DotdigitalApiException notFound = RestErrors.toException("GET /v2/contacts/{emailOrId}", 404,
                "{\"message\":\"Error: ERROR_CONTACT_NOT_FOUND\"}");
        assertEquals("ERROR_CONTACT_NOT_FOUND", notFound.errorCode());
        assertTrue(notFound.isNotFound());
        DotdigitalApiException busy = RestErrors.toException("POST /v2/address-books/1/contacts/import", 400,
                "{\"message\":\"Too many active imports. ERROR_IMPORT_TOOMANYACTIVEIMPORTS\"}");
        assertTrue(busy.isTooManyActiveImports());
    }

    @Test
    void v3ErrorCarriesCodeDescriptionAndFieldDetails() {
        DotdigitalApiException e = RestErrors.toException("PUT /contacts/v3/import", 400, """
                {"errorCode":"contacts:badJson","description":"The request JSON is badly formed",
                 "details":[{"item":"contacts[0].identifiers.email","description":"must be an email"}]}""");
        assertEquals("contacts:badJson", e.errorCode());
        assertTrue(e.getMessage().contains("The request JSON is badly formed"), e.getMessage());
        assertTrue(e.getMessage().contains("contacts[0].identifiers.email: must be an email"), e.getMessage());
        assertFalse(e.isTooManyActiveImports());
        assertTrue(RestErrors.toException("PUT /contacts/v3/import", 429,
                "{\"errorCode\":\"contacts:tooManyActiveImports\",\"description\":\"wait\"}").isTooManyActiveImports());
    }

    @Test
    void plainTextBodyIsKeptAndTruncated() {
        DotdigitalApiException e = RestErrors.toException("GET /v2/account-info", 401,
                "Authorization has been denied for this request.");
        assertEquals("", e.errorCode());
        assertTrue(e.getMessage().endsWith("Authorization has been denied for this request."), e.getMessage());
        DotdigitalApiException longBody = RestErrors.toException("GET /x", 500, "x".repeat(2000));
        assertTrue(longBody.getMessage().length() < 700, "length " + longBody.getMessage().length());
    }

    @Test
    void faultReportCsvBecomesFailuresByEmail() {
        var failures = io.dynamicsdotdigital.dotdigital.client.ImportFaultReport.parse(
                "Reason,Email,FIRSTNAME\r\nInvalid Email,not-an-email,Ann\r\n\"Globally Suppressed\",\"x@example.com\",\r\n");
        assertEquals(2, failures.size());
        assertEquals("not-an-email", failures.get(0).email());
        assertEquals("Invalid Email", failures.get(0).failureCode());
        assertEquals("x@example.com", failures.get(1).email());
        assertEquals("Globally Suppressed", failures.get(1).failureCode());
        // Also accepted as a JSON string, as some SDKs receive it.
        assertEquals(1, io.dynamicsdotdigital.dotdigital.client.ImportFaultReport.parse("\"Reason,email\\r\\nDuplicate Email,d@example.com\\r\\n\"").size());
        assertEquals(0, io.dynamicsdotdigital.dotdigital.client.ImportFaultReport.parse("Reason,Email\r\n").size());
    }
}
