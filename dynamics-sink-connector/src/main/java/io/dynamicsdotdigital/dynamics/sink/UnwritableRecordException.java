package io.dynamicsdotdigital.dynamics.sink;

import org.apache.kafka.connect.errors.DataException;

/** A record that cannot become a row; the message says why, without the record's values beyond the one at fault. */
final class UnwritableRecordException extends DataException {
    private static final long serialVersionUID = 1L;

    UnwritableRecordException(String message) {
        super(message);
    }
}
