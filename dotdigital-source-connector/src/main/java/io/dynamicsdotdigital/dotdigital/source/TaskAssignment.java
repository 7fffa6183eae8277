package io.dynamicsdotdigital.dotdigital.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How work is spread over tasks. Account-wide and per-address-book/survey/preference streams go round-robin to the
 * tasks; campaign streams are split by campaign: every task runs them for the campaigns whose id hashes to its shard.
 * Hashing inside tasks means a new campaign needs no task reconfiguration: the task owning its shard picks it up at
 * its next discovery.
 */
public record TaskAssignment(List<StreamName> streams, int shard, int shardCount) {
    public static final String TASK_STREAMS = "task.streams";
    public static final String TASK_SHARD = "task.campaign.shard";
    public static final String TASK_SHARD_COUNT = "task.campaign.shard.count";

    public TaskAssignment {
        streams = List.copyOf(streams);
        if (shardCount < 1 || shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("campaign shard " + shard + " of " + shardCount);
        }
    }

    /** Splits the configured streams over at most {@code maxTasks} tasks. */
    public static List<TaskAssignment> plan(List<StreamName> configured, int maxTasks) {
        List<StreamName> campaignStreams = configured.stream().filter(StreamName::campaignScoped).toList();
        List<StreamName> others = configured.stream().filter(s -> !s.campaignScoped()).toList();
        int tasks = Math.max(1, Math.min(maxTasks, campaignStreams.isEmpty() ? others.size() : maxTasks));
        List<List<StreamName>> perTask = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            perTask.add(new ArrayList<>(campaignStreams));
        }
        for (int i = 0; i < others.size(); i++) {
            perTask.get(i % tasks).add(others.get(i));
        }
        List<TaskAssignment> out = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            out.add(new TaskAssignment(perTask.get(i), i, tasks));
        }
        return out;
    }

    /** True when this task's shard owns the campaign. */
    public boolean ownsCampaign(long campaignId) {
        return Math.floorMod(Long.hashCode(campaignId) * 0x9E3779B1, shardCount) == shard;
    }

    public Map<String, String> addTo(Map<String, String> connectorProps) {
        Map<String, String> out = new HashMap<>(connectorProps);
        out.put(TASK_STREAMS, String.join(",", streams.stream().map(StreamName::configName).toList()));
        out.put(TASK_SHARD, Integer.toString(shard));
        out.put(TASK_SHARD_COUNT, Integer.toString(shardCount));
        return out;
    }

    public static TaskAssignment from(Map<String, String> taskProps) {
        String names = taskProps.getOrDefault(TASK_STREAMS, "");
        List<StreamName> streams = new ArrayList<>();
        for (String n : names.split(",")) {
            if (!n.isBlank()) {
                streams.add(StreamName.fromConfigName(n).orElseThrow(
                        () -> new IllegalArgumentException("task config names unknown stream " + n)));
            }
        }
        return new TaskAssignment(streams, Integer.parseInt(taskProps.getOrDefault(TASK_SHARD, "0")),
                Integer.parseInt(taskProps.getOrDefault(TASK_SHARD_COUNT, "1")));
    }
}
