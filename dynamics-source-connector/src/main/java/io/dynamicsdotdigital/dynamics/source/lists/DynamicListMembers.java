package io.dynamicsdotdigital.dynamics.source.lists;

import io.dynamicsdotdigital.dynamics.source.RecordHeaders;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors dynamic marketing lists as list-member records: every interval (and soon after a list row changes) each
 * dynamic list's FetchXML is run to its last page, and the difference to the list's last complete evaluation comes
 * out as list-member upserts (new matches) and tombstones (rows that stopped matching), with the same topic, key and
 * value as static {@code listmember} rows. One list per {@link #poll()}, all its changes in that one batch; the
 * last record carries the new membership as its offset and the others the old one, so the stored state never runs
 * ahead of the delivered records. An evaluation that fails changes nothing and is tried again after a back-off (30 s,
 * doubling, at most the interval). A list that is deleted or stops being dynamic loses its mirrored members.
 */
public final class DynamicListMembers {
    private static final Logger log = LoggerFactory.getLogger(DynamicListMembers.class);
    static final String LIST_ID = "_listid_value";
    static final String ENTITY_ID = "_entityid_value";
    static final String ENTITY_TYPE = "entitytype";

    private final DynamicListQueries queries;
    private final ListMembershipStore store;
    private final Supplier<TableSchema> listMemberSchema;
    private final String topic;
    private final Duration interval;
    private final Clock clock;
    /** Lists to evaluate, in order; a list changed since the last refresh is read again by id. */
    private final Deque<String> pending = new ArrayDeque<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private Map<String, DynamicList> refreshed = new HashMap<>();
    private Instant nextRefresh;
    private final EvaluationRetries retries;
    private int refreshFailures;
    /** The query of each list's last complete evaluation, so a list row read again unchanged costs nothing. */
    private final Map<String, String> evaluatedQueries = new HashMap<>();

    /**
     * @param maxMembers       the most members of one list the store keeps; larger lists are not mirrored
     *                         ({@link Integer#MAX_VALUE} for a store with no limit)
     * @param listMemberSchema the schemas of the listmember table's records, so both kinds of member look alike
     */
    public static DynamicListMembers create(io.dynamicsdotdigital.dataverse.client.DataverseClient client,
                                            ListMembershipStore store, int maxMembers,
                                            Supplier<TableSchema> listMemberSchema, String topic, Duration interval,
                                            Clock clock) {
        return new DynamicListMembers(new DynamicListQueries(client, maxMembers), store, listMemberSchema, topic,
                interval, clock);
    }

    DynamicListMembers(DynamicListQueries queries, ListMembershipStore store,
                              Supplier<TableSchema> listMemberSchema, String topic, Duration interval, Clock clock) {
        this.queries = queries;
        this.store = store;
        this.listMemberSchema = listMemberSchema;
        this.topic = topic;
        this.interval = interval;
        this.clock = clock;
        this.nextRefresh = clock.instant();
        this.retries = new EvaluationRetries(interval, clock);
    }

    /** True when a list waits to be evaluated (or retried) or the interval has passed. */
    public boolean due() {
        return !pending.isEmpty() || !changed.isEmpty() || !clock.instant().isBefore(nextRefresh)
                || retries.anyDue();
    }

    /** Milliseconds until {@link #due()}, for the task's idle wait. */
    public long millisUntilDue() {
        if (due()) {
            return 0;
        }
        return Math.max(0, Duration.between(clock.instant(), retries.nextOr(nextRefresh)).toMillis());
    }

    /** The list's evaluation failed: it is tried again after a back-off, not only at the next interval. */
    private List<SourceRecord> failed(String listId, String what, RuntimeException e) {
        Duration delay = retries.failed(listId);
        log.warn("Dynamic list {}: {} failed; its membership stays as it was, trying again in {} s: {}", listId,
                what, delay.toSeconds(), e.getMessage());
        return List.of();
    }

    /** The worker committed one of the records this produced: a store that keeps members per record learns it. */
    public void committed(SourceRecord record) {
        if (!OffsetListMembershipStore.isListPartition(record.sourcePartition())
                || !(record.key() instanceof Struct key)) {
            return;
        }
        Object listId = key.get(LIST_ID);
        Object memberId = key.get(ENTITY_ID);
        if (listId != null && memberId != null) {
            store.committed(listId.toString(), memberId.toString(), record.value() != null);
        }
    }

    public void close() {
        store.close();
    }

    /**
     * A list row was read (created, changed or deleted): when it is or was dynamic and its query differs from the
     * one last evaluated, the list is read afresh and evaluated soon.
     */
    public void listChanged(String listId, boolean dynamic, String query) {
        String evaluated = evaluatedQueries.get(listId);
        if (dynamic && query != null && query.equals(evaluated)) {
            return;
        }
        if (dynamic || evaluated != null || store.members(listId).size() > 0) {
            changed.add(listId);
        }
    }

    /**
     * Evaluates the next due list.
     *
     * @return its membership changes (empty when none, or when the evaluation failed)
     */
    public List<SourceRecord> poll() {
        String listId;
        DynamicList list = null;
        String retry = retries.takeDue();
        if (retry != null) {
            listId = retry;
            changed.remove(listId);
            pending.remove(listId);
        } else if (!changed.isEmpty()) {
            listId = changed.iterator().next();
            changed.remove(listId);
            pending.remove(listId);
        } else {
            if (pending.isEmpty() && (clock.instant().isBefore(nextRefresh) || !refresh() || pending.isEmpty())) {
                return List.of();
            }
            listId = pending.poll();
            list = refreshed.get(listId);
        }
        if (list == null) {
            // Changed, or mirrored before and no longer among the dynamic lists: deleted, or now static?
            try {
                list = queries.list(listId).orElse(null);
            } catch (RuntimeException e) {
                return failed(listId, "reading the list", e);
            }
        }
        try {
            List<SourceRecord> records = evaluate(listId, list);
            retries.succeeded(listId);
            return records;
        } catch (DynamicListQueries.TooManyMembers e) {
            // Evaluating it again changes nothing until the list shrinks; the next interval looks again.
            retries.succeeded(listId);
            log.warn("Dynamic list {}: {}; its membership is not mirrored. Set "
                    + "key.state.bootstrap.servers to keep dynamic-list membership in the key-state topic, with no"
                    + " such limit", listId, e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            // Nothing was remembered: the list keeps its last complete membership.
            return failed(listId, "evaluating it", e);
        }
    }

    /** Reads which lists are dynamic and queues them, with the lists mirrored before that are not any more. */
    private boolean refresh() {
        try {
            refreshed = queries.dynamicLists();
        } catch (RuntimeException e) {
            Duration delay = retries.delay(++refreshFailures);
            nextRefresh = clock.instant().plus(delay);
            log.warn("Reading the dynamic marketing lists failed; trying again in {} s: {}", delay.toSeconds(),
                    e.getMessage());
            return false;
        }
        refreshFailures = 0;
        nextRefresh = clock.instant().plus(interval);
        pending.addAll(refreshed.keySet());
        for (String known : store.knownLists()) {
            if (!refreshed.containsKey(known)) {
                pending.add(known);
            }
        }
        return true;
    }

    private List<SourceRecord> evaluate(String listId, DynamicList list) {
        MemberIdSet before = store.members(listId);
        if (list == null || !list.dynamic() || list.query() == null || list.query().isBlank()) {
            if (before.size() == 0) {
                return List.of();
            }
            // A list that became static keeps its listmember rows, which have the same keys: those stay.
            MemberIdSet keep = list == null ? MemberIdSet.EMPTY : queries.staticMembers(listId);
            log.info("Dynamic list {} was deleted or is no longer dynamic: removing those of its {} mirrored members"
                    + " that are not static members ({})", listId, before.size(), keep.size());
            evaluatedQueries.remove(listId);
            return changes(listId, before, MemberIdSet.EMPTY, null, keep);
        }
        long started = clock.millis();
        DynamicListQueries.Evaluation evaluation = queries.evaluate(list);
        List<SourceRecord> records = changes(listId, before, evaluation.members(), evaluation.entityName(),
                MemberIdSet.EMPTY);
        evaluatedQueries.put(listId, list.query());
        log.info("Dynamic list {}: {} members ({} {} calls, {} ms), {} membership changes", listId,
                evaluation.members().size(), evaluation.calls(), evaluation.entityName(),
                clock.millis() - started, records.size());
        return records;
    }

    /** Upserts for members new in {@code after}, tombstones for those gone, except members in {@code keep}. */
    private List<SourceRecord> changes(String listId, MemberIdSet before, MemberIdSet after, String entityName,
                                       MemberIdSet keep) {
        TableSchema schema = listMemberSchema.get();
        Map<String, Object> partition = store.partition(listId);
        Map<String, Object> oldOffset;
        Map<String, Object> newOffset;
        try {
            oldOffset = store.offset(listId, before);
            newOffset = store.offset(listId, after);
        } catch (IllegalStateException e) {
            log.warn("Dynamic list {}: {}; its membership is not mirrored", listId, e.getMessage());
            return List.of();
        }
        List<SourceRecord> out = new ArrayList<>();
        after.forEach(id -> {
            if (!before.contains(id)) {
                out.add(upsert(schema, partition, oldOffset, listId, id, entityName));
            }
        });
        before.forEach(id -> {
            if (!after.contains(id) && !keep.contains(id)) {
                out.add(tombstone(schema, partition, oldOffset, listId, id));
            }
        });
        if (!out.isEmpty()) {
            SourceRecord last = out.remove(out.size() - 1);
            out.add(new SourceRecord(partition, newOffset, last.topic(), null, last.keySchema(), last.key(),
                    last.valueSchema(), last.value(), last.timestamp(), last.headers()));
        }
        store.remember(listId, after);
        return out;
    }

    private SourceRecord upsert(TableSchema schema, Map<String, Object> partition, Map<String, Object> offset,
                                String listId, String memberId, String entityName) {
        Struct value = new Struct(schema.valueSchema());
        putIfPresent(value, LIST_ID, listId);
        putIfPresent(value, ENTITY_ID, memberId);
        putIfPresent(value, ENTITY_TYPE, entityName);
        return new SourceRecord(partition, offset, topic, null, schema.keySchema(), key(schema, listId, memberId),
                schema.valueSchema(), value, null, headers(RecordHeaders.UPSERT));
    }

    private SourceRecord tombstone(TableSchema schema, Map<String, Object> partition, Map<String, Object> offset,
                                   String listId, String memberId) {
        return new SourceRecord(partition, offset, topic, null, schema.keySchema(), key(schema, listId, memberId),
                null, null, clock.millis(), headers(RecordHeaders.DELETE));
    }

    private static Struct key(TableSchema schema, String listId, String memberId) {
        return new Struct(schema.keySchema()).put(LIST_ID, listId).put(ENTITY_ID, memberId);
    }

    private static void putIfPresent(Struct value, String field, Object v) {
        if (value.schema().field(field) != null) {
            value.put(field, v);
        }
    }

    private static ConnectHeaders headers(String operation) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(RecordHeaders.TABLE, "listmember");
        headers.addString(RecordHeaders.OPERATION, operation);
        return headers;
    }
}
