package io.dynamicsdotdigital.dynamics.source.lists;

import java.util.Map;

/**
 * Dynamic-list membership kept one entry per member in the connector's key-state topic, so a list's size is not
 * bounded by what one source offset holds.
 */
public interface MembershipLog extends AutoCloseable {

    /** Every stored member, by list id. */
    Map<String, MemberIdSet> load();

    /** The member's upsert is in Kafka's view. */
    void present(String listId, String memberId);

    /** The member's tombstone is in Kafka's view. */
    void absent(String listId, String memberId);

    /** Blocks until every entry written so far is stored; throws when one could not be. */
    void flush();

    @Override
    void close();
}
