package io.dynamicsdotdigital.dynamics.sink.link;

import java.time.Instant;

/**
 * A contact, lead or account a row is linked to.
 *
 * @param createdOn when it was created, to pick the newest of several; null when unknown (an id the record carried)
 */
public record CrmRecord(LinkEntity entity, String id, Instant createdOn) {
    @Override
    public String toString() {
        return entity.logicalName() + " " + id;
    }
}
