package io.dynamicsdotdigital.dotdigital.client.model;

import java.util.List;
import java.util.Set;

/**
 * The state of an import.
 *
 * @param status   Finished, NotFinished or a failure status (RejectedByWatchdog, InvalidFileFormat, Failed,
 *                 ExceedsAllowedContactLimit, Unknown)
 * @param summary  counts; {@link ImportSummary#EMPTY} while not finished
 * @param failures per-contact failures; empty while not finished
 */
public record ImportResult(String importId, String status, ImportSummary summary, List<ImportFailure> failures) {
    public static final String FINISHED = "Finished";
    public static final String NOT_FINISHED = "NotFinished";
    private static final Set<String> IN_PROGRESS = Set.of(NOT_FINISHED);

    public ImportResult {
        summary = summary == null ? ImportSummary.EMPTY : summary;
        failures = failures == null ? List.of() : List.copyOf(failures);
    }

    public boolean isFinished() {
        return FINISHED.equalsIgnoreCase(status);
    }

    public boolean isInProgress() {
        return status != null && IN_PROGRESS.contains(status);
    }

    /** The import ended without importing (RejectedByWatchdog, Failed, ...). */
    public boolean isFailed() {
        return !isFinished() && !isInProgress();
    }
}
