package io.dynamicsdotdigital.dynamics.sink.link;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * A contact, lead or account a row is linked to.
 *
 * @param createdOn when it was created, to pick the newest of several; null when unknown (an id the record carried)
 * @param values    the columns read with it that an update would set (update_linked), to skip updates that change
 *                  nothing; empty when not read
 */
public record CrmRecord(LinkEntity entity, String id, Instant createdOn, Map<String, JsonNode> values) {
    public CrmRecord {
        values = Map.copyOf(values);
    }

    /** True when every column of {@code update} already has that value here (so writing it changes nothing). */
    public boolean alreadyHas(Map<String, JsonNode> update) {
        return !update.isEmpty() && update.entrySet().stream().allMatch(e -> e.getValue().equals(values.get(e.getKey())));
    }

    @Override
    public String toString() {
        return entity.logicalName() + " " + id;
    }
}
