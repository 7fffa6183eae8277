package io.dynamicsdotdigital.dynamics;

import io.dynamicsdotdigital.dynamics.dataverse.DataverseClient;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseRequests;
import io.dynamicsdotdigital.dynamics.dataverse.DataverseRequests.Paging;
import io.dynamicsdotdigital.dynamics.dataverse.PageHandler;
import io.dynamicsdotdigital.dynamics.dataverse.PageResult;
import io.dynamicsdotdigital.dynamics.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads which rows a table has now: every primary id, with its record key when the key is not the id (list
 * members). One API page per {@link #step}, only the id and key columns selected, so a scan of a million rows costs
 * 200 small calls. Used to find deletes that watermark reads cannot see, and to learn list members' keys after a
 * restart so their deletes can still be keyed.
 */
final class KeyScan {
    private final TableSchema schema;
    private final Function<Struct, Struct> keyOf;
    private final List<String> select = new ArrayList<>();
    private final Map<String, Struct> rows = new HashMap<>();
    private String nextLink;
    private boolean done;
    private int pages;

    /** @param keyOf the record key of a row; only called when the table's key is not its primary id */
    KeyScan(TableSchema schema, Function<Struct, Struct> keyOf) {
        this.schema = schema;
        this.keyOf = keyOf;
        select.add(schema.primaryId());
        if (!schema.keyIsPrimaryId()) {
            select.addAll(schema.keyColumns());
        }
    }

    /** Reads the next page; true once the whole table was read. */
    boolean step(DataverseClient client) {
        if (done) {
            return true;
        }
        DataverseRequests r = client.requests();
        boolean naturalKey = !schema.keyIsPrimaryId();
        PageResult result = client.readPage(nextLink == null
                        ? r.snapshot(schema.entitySetName(), select, Paging.PLAIN)
                        : r.follow(nextLink, Paging.PLAIN),
                schema, new PageHandler() {
                    @Override
                    public void row(Struct value) {
                        Object id = value.get(schema.primaryId());
                        if (id != null) {
                            rows.put(id.toString(), naturalKey ? keyOf.apply(value) : null);
                        }
                    }

                    @Override
                    public void deleted(String id, String reason) {
                        // Plain paging never reports deletes.
                    }
                }, "key scan page of " + schema.entitySetName());
        pages++;
        nextLink = result.nextLink();
        done = nextLink == null;
        return done;
    }

    /** Primary id to record key (null where the key is the id itself); complete once {@link #step} said so. */
    Map<String, Struct> rows() {
        return rows;
    }

    int pages() {
        return pages;
    }
}
