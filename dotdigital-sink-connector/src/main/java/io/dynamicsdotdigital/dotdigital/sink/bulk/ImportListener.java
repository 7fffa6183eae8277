package io.dynamicsdotdigital.dotdigital.sink.bulk;

/** Callbacks of {@link ImportRunner} for metrics and logs; all run on the runner thread. */
public interface ImportListener {
    default void started(ImportBatch batch) {
    }

    default void throttled(ImportBatch batch) {
    }

    /** An attempt of the batch failed (a failed import, an unreadable or unknown status) and it is started again. */
    default void restarted(ImportBatch batch) {
    }
}
