package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.dotdigital.client.ActivityReads;
import io.dynamicsdotdigital.dotdigital.client.model.Preference;
import io.dynamicsdotdigital.dotdigital.source.mapping.ContactRowMappers;
import io.dynamicsdotdigital.dotdigital.source.mapping.StreamRow;
import java.util.ArrayList;
import java.util.List;

/**
 * The account's preference tree ({@code GET /v2/preferences}), read at most once per plan and shared by the
 * {@code preferences} stream (every preference and category as its own row) and {@code preference-opt-ins} (the
 * preference ids to ask opt-ins for).
 */
final class PreferenceTree {
    private final ActivityReads client;
    private List<Preference> tree;

    PreferenceTree(ActivityReads client) {
        this.client = client;
    }

    /** Forgets the tree read for the previous plan. */
    void newPlan() {
        tree = null;
    }

    private List<Preference> tree() {
        if (tree == null) {
            tree = client.preferences();
        }
        return tree;
    }

    /** Ids of the preferences (not categories), at any depth. */
    List<Long> preferenceIds() {
        List<Long> ids = new ArrayList<>();
        for (Flat f : flatten()) {
            if (f.node().isPreference()) {
                ids.add(f.node().id());
            }
        }
        return ids;
    }

    /**
     * The {@code preferences} stream's read: the tree, read when the read starts, as one row per node (a node's
     * parent is its category). Rows are identified by their whole content, so a node is emitted when first seen and
     * again only when it changed.
     */
    ReadJob job() {
        List<List<StreamRow>> rows = new ArrayList<>();
        return new ReadJob(StreamName.PREFERENCES, null, null, (since, select, skip) -> {
            if (rows.isEmpty()) {
                rows.add(flatten().stream().map(f -> ContactRowMappers.preference(f.node(), f.parentId())).toList());
            }
            List<StreamRow> all = rows.get(0);
            int from = (int) Math.min(skip, all.size());
            return all.subList(from, Math.min(all.size(), from + select));
        }, ReadJob.Paging.SKIP, true);
    }

    private record Flat(Preference node, Long parentId) {
    }

    private List<Flat> flatten() {
        List<Flat> out = new ArrayList<>();
        collect(tree(), null, out);
        return out;
    }

    private static void collect(List<Preference> nodes, Long parentId, List<Flat> out) {
        for (Preference p : nodes) {
            out.add(new Flat(p, parentId));
            collect(p.preferences(), p.id(), out);
        }
    }
}
