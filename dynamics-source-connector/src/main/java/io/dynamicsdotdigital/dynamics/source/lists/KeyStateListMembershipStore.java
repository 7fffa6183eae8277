package io.dynamicsdotdigital.dynamics.source.lists;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Keeps each dynamic list's members in the key-state topic ({@link MembershipLog}), one entry per member, with no
 * limit on a list's size. Entries follow what Kafka holds: a member's entry is written once the worker reports its
 * record committed ({@link #committed}), so after a crash a change can only be emitted again (an upsert the sink
 * applies again, a tombstone it ignores), never lost. The records' offsets carry only the member count.
 * <p>
 * A list mirrored before the key state was configured has its members in its source offset: they are carried over
 * into the topic at the list's first evaluation.
 */
public final class KeyStateListMembershipStore implements ListMembershipStore {
    static final String STORE = "store";
    static final String KEY_STATE = "key.state";

    private final MembershipLog log;
    private final OffsetStorageReader reader;
    private final Map<String, MemberIdSet> members;
    /** Lists whose members came from their source offset and are not in the key state yet. */
    private final Set<String> fromOffsets = new HashSet<>();

    public KeyStateListMembershipStore(MembershipLog log, OffsetStorageReader reader) {
        this.log = log;
        this.reader = reader;
        this.members = new HashMap<>(log.load());
    }

    @Override
    public MemberIdSet members(String listId) {
        MemberIdSet set = members.get(listId);
        if (set == null) {
            Map<String, Object> stored = reader.offset(OffsetListMembershipStore.partitionOf(listId));
            set = stored != null && stored.get(OffsetListMembershipStore.MEMBERS) instanceof String
                    ? OffsetListMembershipStore.parse(stored) : MemberIdSet.EMPTY;
            if (set.size() > 0) {
                fromOffsets.add(listId);
            }
            members.put(listId, set);
        }
        return set;
    }

    @Override
    public Map<String, Object> partition(String listId) {
        return OffsetListMembershipStore.partitionOf(listId);
    }

    @Override
    public Map<String, Object> offset(String listId, MemberIdSet set) {
        Map<String, Object> offset = new HashMap<>();
        offset.put(STORE, KEY_STATE);
        offset.put(OffsetListMembershipStore.COUNT, (long) set.size());
        return offset;
    }

    @Override
    public void remember(String listId, MemberIdSet set) {
        MemberIdSet before = members(listId);
        if (fromOffsets.remove(listId)) {
            // Every member of the offset is in Kafka's view: stored now, so the removals of this evaluation (stored
            // when committed) apply to a complete set even if this task stops before they are.
            before.forEach(id -> log.present(listId, id));
            log.flush();
        }
        members.put(listId, set);
    }

    @Override
    public void committed(String listId, String memberId, boolean present) {
        if (present) {
            log.present(listId, memberId);
        } else {
            log.absent(listId, memberId);
        }
    }

    @Override
    public Iterable<String> knownLists() {
        return List.copyOf(members.entrySet().stream().filter(e -> e.getValue().size() > 0).map(Map.Entry::getKey)
                .toList());
    }

    @Override
    public void close() {
        log.close();
    }
}
