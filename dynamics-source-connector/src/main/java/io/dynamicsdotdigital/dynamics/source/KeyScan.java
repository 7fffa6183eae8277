package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dynamics.source.schema.RowConverter;
import io.dynamicsdotdigital.dynamics.source.schema.RowHandler;
import io.dynamicsdotdigital.dynamics.source.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
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
    private final Function<List<String>, String> firstLink;
    private final List<String> select = new ArrayList<>();
    private final RowIdSet rows = new RowIdSet();
    private String nextLink;
    private boolean done;
    private int pages;

    KeyScan(TableSchema schema) {
        this(schema, null);
    }

    /**
     * @param firstLink the link of the scan's first page for the columns selected (a key range of the table), or
     *                  null for every row
     */
    KeyScan(TableSchema schema, Function<List<String>, String> firstLink) {
        this.schema = schema;
        this.firstLink = firstLink;
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
        boolean naturalKey = !schema.keyIsPrimaryId();
        PageQuery query;
        if (nextLink != null) {
            query = new PageQuery.Follow(schema.entitySetName(), nextLink, Paging.PLAIN);
        } else if (firstLink != null) {
            query = new PageQuery.Follow(schema.entitySetName(), firstLink.apply(select), Paging.PLAIN);
        } else {
            query = new PageQuery.Snapshot(schema.entitySetName(), select, Paging.PLAIN);
        }
        PageResult result = client.readPage(query, new RowConverter(schema, new RowHandler() {
            @Override
            public void row(Struct value) {
                Object id = value.get(schema.primaryId());
                if (id != null) {
                    rows.put(id.toString(), naturalKey ? RecordBuilder.keyOf(schema, value) : null);
                }
            }

            @Override
            public void deleted(String id, String reason) {
                // Plain paging never reports deletes.
            }
        }), "key scan page of " + schema.entitySetName());
        pages++;
        nextLink = result.nextLink();
        done = nextLink == null;
        return done;
    }

    /** Primary ids with their record key (null where the key is the id itself); complete once {@link #step} said so. */
    RowIdSet rows() {
        return rows;
    }

    int pages() {
        return pages;
    }
}
