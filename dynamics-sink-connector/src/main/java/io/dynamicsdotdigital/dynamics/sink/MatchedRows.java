package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.MissingPrivilege;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * update_matching: $batch reads find the rows with each record's match value; the result is one update per matched
 * row, carrying the record's columns, sent with If-Match: * so it never creates a row. A record matching nothing is
 * counted and skipped.
 */
final class MatchedRows {
    private static final Logger log = LoggerFactory.getLogger(MatchedRows.class);

    private final RowMapper mapper;
    private final DynamicsSinkConfig config;
    private final ConnectorMetrics.Counter unmatched;

    MatchedRows(RowMapper mapper, DynamicsSinkConfig config, ConnectorMetrics.Counter unmatched) {
        this.mapper = mapper;
        this.config = config;
        this.unmatched = unmatched;
    }

    List<WriteOperation> resolve(List<WriteOperation> operations, BatchRounds rounds, FailedRecords failures) {
        List<WriteOperation> lookups = operations.stream().map(op -> op.with(
                new WriteRequest("GET", mapper.matchQuery(op.match()), op.request().body(), false))).toList();
        List<WriteOperation> updates = new ArrayList<>();
        rounds.send(lookups, "row lookups", (lookup, result) -> {
            if (!result.ok()) {
                failures.fail(lookup.record(), refusal(lookup, "the lookup " + lookup.path(), result));
                return;
            }
            List<String> ids;
            try {
                ids = MatchedIds.read(result.body(), config.matchIdColumn());
            } catch (IllegalArgumentException e) {
                failures.fail(lookup.record(), new ConnectException(FailedRecords.where(lookup.record()) + ": "
                        + e.getMessage()));
                return;
            }
            if (ids.isEmpty()) {
                unmatched.increment();
                log.debug("{}: no row of {} has {} = {}", FailedRecords.where(lookup.record()), config.entitySet(),
                        config.matchColumn(), lookup.match());
            }
            for (String id : ids) {
                try {
                    updates.add(lookup.with(new WriteRequest("PATCH", mapper.rowById(id), lookup.request().body(),
                            true)));
                } catch (UnwritableRecordException e) {
                    failures.fail(lookup.record(), e);
                }
            }
        });
        return updates;
    }

    /** The reason a request was refused, naming the record, the request and the answer. */
    static ConnectException refusal(WriteOperation op, String request, WriteResult result) {
        return new ConnectException(FailedRecords.where(op.record()) + ": Dataverse refused " + request
                + " with HTTP " + result.status() + ": " + DataverseError.abbreviate(result.body())
                + (result.status() == 403 ? "; " + MissingPrivilege.hint(
                result.body(), "the privilege for " + op.method() + " on that table") : ""));
    }
}
