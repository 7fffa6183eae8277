package io.dynamicsdotdigital.dynamics.source.lists;

import java.util.Map;

/**
 * Per dynamic list, the members of its last complete evaluation, kept durably so a restart neither re-adds every
 * member nor loses a removal. The records of an evaluation carry {@link #partition} and an {@link #offset}: the
 * worker stores the offset of the last record it delivered, so the stored state moves only with delivered records.
 * {@link OffsetListMembershipStore} keeps the state in the source offsets (bounded per list);
 * {@link KeyStateListMembershipStore} in the key-state topic, one entry per member.
 */
public interface ListMembershipStore {

    /** The members of the list's last complete evaluation; {@link MemberIdSet#EMPTY} when there was none. */
    MemberIdSet members(String listId);

    /** The source partition of the list's membership records. */
    Map<String, Object> partition(String listId);

    /**
     * The source offset that stands for this membership of the list.
     *
     * @throws IllegalStateException when the store cannot keep that many members
     */
    Map<String, Object> offset(String listId, MemberIdSet members);

    /** The evaluation's records were handed to the worker: later evaluations compare against these members. */
    void remember(String listId, MemberIdSet members);

    /** Lists with remembered members, so lists that stopped being dynamic (or were deleted) are noticed. */
    Iterable<String> knownLists();

    /** The worker committed a membership record (an upsert when {@code present}, else a tombstone). */
    default void committed(String listId, String memberId, boolean present) {
    }

    /** Releases what the store holds open. */
    default void close() {
    }
}
