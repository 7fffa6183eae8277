package io.dynamicsdotdigital.dotdigital.client.model;

/**
 * One contact the import did not take.
 *
 * @param failureCode v3 failureCode (invalidEmail, duplicateIdentifier, ...) or the v2 fault report's Reason
 */
public record ImportFailure(String email, String failureCode, String description) {
}
