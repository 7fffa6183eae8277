package io.dynamicsdotdigital.dynamics.source.lists;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Keeps each dynamic list's members in the source offset of the partition {@code {"dynamiclist": <list id>}}, as the
 * sorted ids in base64 (22 characters a member). Offsets are single Kafka messages, so a list may have at most
 * {@link #MAX_MEMBERS} members here (about 640 KB of offset); the evaluation of a larger list fails naming this
 * limit, and the list is not mirrored. {@link KeyStateListMembershipStore} has no such limit.
 */
public final class OffsetListMembershipStore implements ListMembershipStore {
    public static final String PARTITION_KEY = "dynamiclist";
    public static final String MEMBERS = "members";
    public static final String COUNT = "count";
    public static final int MAX_MEMBERS = 30_000;
    /** Task setting, not in the reference: a smaller limit, so tests can reach it with few rows. */
    public static final String MAX_MEMBERS_INTERNAL = "internal.dynamic.lists.offset.max.members";

    private final OffsetStorageReader reader;
    private final int maxMembers;
    private final Map<String, MemberIdSet> members = new HashMap<>();
    private final Set<String> known = new LinkedHashSet<>();

    public OffsetListMembershipStore(OffsetStorageReader reader) {
        this(reader, MAX_MEMBERS);
    }

    public OffsetListMembershipStore(OffsetStorageReader reader, int maxMembers) {
        this.reader = reader;
        this.maxMembers = maxMembers;
    }

    /** The most members of one list this store keeps. */
    public int maxMembers() {
        return maxMembers;
    }

    /** The source partition of a list; a default-sized HashMap, as Connect rebuilds partitions (see TablePartitions). */
    public static Map<String, Object> partitionOf(String listId) {
        Map<String, Object> partition = new HashMap<>();
        partition.put(PARTITION_KEY, listId);
        return partition;
    }

    /** True for the partitions of this store, which are not table partitions. */
    public static boolean isListPartition(Map<String, ?> partition) {
        return partition != null && partition.containsKey(PARTITION_KEY);
    }

    /** @throws IllegalArgumentException naming what is wrong with a stored (or REST-altered) offset */
    public static MemberIdSet parse(Map<String, ?> offset) {
        if (offset == null) {
            return MemberIdSet.EMPTY;
        }
        Object text = offset.get(MEMBERS);
        if (text == null && KeyStateListMembershipStore.KEY_STATE.equals(offset.get(KeyStateListMembershipStore.STORE))) {
            // Written while the membership was kept in the key-state topic, which is no longer configured: the
            // members are not known here, so the next evaluation emits every member again.
            return MemberIdSet.EMPTY;
        }
        if (!(text instanceof String s)) {
            throw new IllegalArgumentException("a dynamic list offset needs a \"" + MEMBERS + "\" string");
        }
        return MemberIdSet.decode(s);
    }

    @Override
    public MemberIdSet members(String listId) {
        MemberIdSet set = members.get(listId);
        if (set == null) {
            Map<String, Object> stored = reader.offset(partitionOf(listId));
            set = parse(stored);
            members.put(listId, set);
            if (set.size() > 0) {
                known.add(listId);
            }
        }
        return set;
    }

    @Override
    public Map<String, Object> partition(String listId) {
        return partitionOf(listId);
    }

    @Override
    public Map<String, Object> offset(String listId, MemberIdSet set) {
        if (set.size() > maxMembers) {
            throw new IllegalStateException("dynamic list " + listId + " has " + set.size() + " members; the"
                    + " membership state kept in source offsets holds at most " + maxMembers + " per list");
        }
        Map<String, Object> offset = new HashMap<>();
        offset.put(MEMBERS, set.encode());
        offset.put(COUNT, (long) set.size());
        return offset;
    }

    @Override
    public void remember(String listId, MemberIdSet set) {
        members.put(listId, set);
        if (set.size() > 0) {
            known.add(listId);
        } else {
            known.remove(listId);
        }
    }

    @Override
    public Iterable<String> knownLists() {
        return List.copyOf(known);
    }
}
