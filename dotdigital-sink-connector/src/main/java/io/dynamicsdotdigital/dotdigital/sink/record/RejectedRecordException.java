package io.dynamicsdotdigital.dotdigital.sink.record;

import org.apache.kafka.connect.errors.DataException;

/** A record that cannot be applied to Dotdigital, with a machine code and a message naming the field at fault. */
public class RejectedRecordException extends DataException {
    private final String code;

    public RejectedRecordException(RecordErrorKind kind, String message) {
        this(kind.code(), message);
    }

    /** For failure codes Dotdigital reports itself (InvalidEmail, GloballySuppressed, ...). */
    public RejectedRecordException(String code, String message) {
        this(code, message, null);
    }

    public RejectedRecordException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
