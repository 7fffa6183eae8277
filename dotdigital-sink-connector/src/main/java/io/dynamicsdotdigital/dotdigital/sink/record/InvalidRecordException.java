package io.dynamicsdotdigital.dotdigital.sink.record;

import org.apache.kafka.connect.errors.DataException;

/** A record that cannot be applied to Dotdigital, with a machine code and a message naming the field at fault. */
public class InvalidRecordException extends DataException {
    private final String code;

    public InvalidRecordException(RecordErrorKind kind, String message) {
        this(kind.code(), message);
    }

    /** For failure codes Dotdigital reports itself (InvalidEmail, GloballySuppressed, ...). */
    public InvalidRecordException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
