package io.dynamicsdotdigital.dynamics.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.EntityKeys;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

class BatchRoundsTest {
    /** Answers each $batch with the next scripted function of its requests. */
    static final class ScriptedClient implements DataverseClient {
        final Deque<Function<List<WriteRequest>, List<WriteResult>>> answers = new ArrayDeque<>();
        final List<List<WriteRequest>> calls = new ArrayList<>();

        @Override
        public EntityMetadata metadata(String logicalName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<EntityKeys> keys(String entitySet) {
            return Optional.empty();
        }

        @Override
        public PageResult readPage(PageQuery query, RowReader rows, String what) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void probeEntitySet(String entitySet) {
        }

        @Override
        public List<WriteResult> write(List<WriteRequest> requests) {
            calls.add(requests);
            return answers.remove().apply(requests);
        }
    }

    final ConnectorMetrics metrics = new ConnectorMetrics(null, Map.of());
    final ScriptedClient client = new ScriptedClient();
    final List<Integer> pauses = new ArrayList<>();
    final BatchRounds rounds = new BatchRounds(client, 2, "contacts", metrics.counter("batches", "b"),
            metrics.counter("resent", "r"), pauses::add);

    private static WriteOperation op(String path) {
        return new WriteOperation(null, WriteRequest.of("DELETE", path, null), null);
    }

    private static List<WriteResult> statuses(int... statuses) {
        List<WriteResult> out = new ArrayList<>();
        for (int s : statuses) {
            out.add(s == 0 ? null : new WriteResult(s, ""));
        }
        return out;
    }

    @Test
    void throttledAndUnansweredRequestsAreSentAgainAloneInBatchesOfTheConfiguredSize() {
        client.answers.add(r -> statuses(204, 429));
        client.answers.add(r -> statuses(204));
        client.answers.add(r -> statuses(0));
        client.answers.add(r -> statuses(404));
        List<String> handled = new ArrayList<>();
        rounds.send(List.of(op("a"), op("b"), op("c")), "rows",
                (op, result) -> handled.add(op.path() + "=" + result.status()));
        assertEquals(List.of("a=204", "b=204", "c=404"), handled);
        assertEquals(List.of("b"), client.calls.get(1).stream().map(WriteRequest::path).toList());
        assertEquals(List.of(1, 1), pauses);
        assertEquals(4, metrics.total("batches"));
    }

    @Test
    void requestsStillFailingAfterThreeRoundsFailThePutRetriably() {
        for (int i = 0; i < BatchRounds.ROW_ATTEMPTS; i++) {
            client.answers.add(r -> statuses(503));
        }
        RetriableException e = assertThrows(RetriableException.class,
                () -> rounds.send(List.of(op("a")), "rows", (op, result) -> { }));
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(List.of(1, 2), pauses);
    }

    @Test
    void aWholeCallThatFailedTransientlyIsRetriableAndAPermanentOneIsNot() {
        client.answers.add(r -> {
            throw new ApiException("Dataverse call still answered 429", 429);
        });
        assertThrows(RetriableException.class, () -> rounds.send(List.of(op("a")), "rows", (op, result) -> { }));
        client.answers.add(r -> {
            throw new ApiException("Dataverse refused", 400);
        });
        ApiException e = assertThrows(ApiException.class,
                () -> rounds.send(List.of(op("a")), "rows", (op, result) -> { }));
        assertEquals(400, e.statusCode());
    }
}
