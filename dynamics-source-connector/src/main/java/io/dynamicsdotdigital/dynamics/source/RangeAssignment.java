package io.dynamicsdotdigital.dynamics.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Spreads tables and the ranges of parallel snapshots over tasks, and divides the request budget among them. */
final class RangeAssignment {
    private static final Logger log = LoggerFactory.getLogger(RangeAssignment.class);

    private RangeAssignment() {
    }

    /**
     * Units (a table, or {@code table:i} for range i of its snapshot) dealt round-robin, so the ranges of one table
     * land in different tasks whenever there are enough.
     */
    static List<Map<String, String>> taskProps(Map<String, String> props, List<String> units, int maxTasks) {
        int tasks = Math.min(Math.max(1, maxTasks), units.size());
        List<List<String>> tables = new ArrayList<>();
        List<List<String>> ranges = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            tables.add(new ArrayList<>());
            ranges.add(new ArrayList<>());
        }
        for (int u = 0; u < units.size(); u++) {
            String unit = units.get(u);
            (unit.contains(":") ? ranges : tables).get(u % tasks).add(unit);
        }
        if (tasks < units.size()) {
            log.warn("{} tasks for {} tables and snapshot ranges: some tasks read several ranges one after another;"
                    + " raise tasks.max to read every range at once", tasks, units.size());
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(DynamicsSourceConnector.TASK_TABLES, String.join(",", tables.get(t)));
            taskProps.put(DynamicsSourceConnector.TASK_RANGES, String.join(",", ranges.get(t)));
            out.add(taskProps);
        }
        return out;
    }

    /**
     * Gives each task its share of the connector's concurrent requests, so the budget holds across workers too (each
     * task's client has a gate of its own). Every task gets at least one.
     */
    static void divideRequests(List<Map<String, String>> taskProps, int budget) {
        int tasks = taskProps.size();
        if (tasks > budget) {
            log.warn("{} tasks share {}={}: each gets one request slot, {} in all; raise the setting or lower"
                    + " tasks.max", tasks, DynamicsSourceConfig.MAX_CONCURRENT_REQUESTS, budget, tasks);
        }
        for (int t = 0; t < tasks; t++) {
            int share = Math.max(1, budget / tasks + (t < budget % tasks ? 1 : 0));
            taskProps.get(t).put(DynamicsSourceConnector.TASK_MAX_CONCURRENT_REQUESTS, Integer.toString(share));
        }
    }
}
