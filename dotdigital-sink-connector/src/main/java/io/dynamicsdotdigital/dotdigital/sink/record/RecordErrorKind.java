package io.dynamicsdotdigital.dotdigital.sink.record;

/** Why a record could not be applied; the code goes into the dead-letter queue headers. */
public enum RecordErrorKind {
    MISSING_EMAIL("MissingEmail"),
    INVALID_EMAIL("InvalidEmail"),
    WRONG_FIELD_TYPE("WrongFieldType"),
    OVERSIZE_VALUE("OversizeValue"),
    UNKNOWN_ADDRESS_BOOK("UnknownAddressBook"),
    NULL_KEY("NullKey"),
    MALFORMED_JSON("MalformedJson"),
    UNSUPPORTED_VALUE("UnsupportedValue"),
    UNKNOWN_DATA_FIELD("UnknownDataField"),
    UNKNOWN_CONTACT("UnknownContact"),
    UNKNOWN_PREFERENCE("UnknownPreference"),
    UNPARSABLE_TIME("UnparsableTime"),
    MISSING_FIELD("MissingField"),
    SUPPRESSED_CONTACT("SuppressedContact"),
    IMPORT_FAILED("ImportFailed"),
    API_ERROR("ApiError");

    private final String code;

    RecordErrorKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
