package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.config.TaskConfigs;
import io.dynamicsdotdigital.dotdigital.sink.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Carries out campaign send requests (Dynamics Email Send and Email Single Send rows) as Dotdigital sends, at most
 * once per request id, never to an empty target, only for allow-listed campaigns; one outcome per request on the
 * result topic. A connector of its own rather than a topic of the contact sink: its delivery promise (at most
 * once) is the opposite of the contact sink's (at least once, imports are idempotent), and a send polled for its
 * status must not hold up contact imports.
 */
public class DotdigitalCampaignSendConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new CampaignSendConfig(props).allowlist();
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CampaignSendTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks);
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return CampaignSendConfig.configDef();
    }

    /** The consumer's default: a put() longer than this gets the task's consumer evicted from its group. */
    static final long DEFAULT_MAX_POLL_INTERVAL_MS = 300_000;
    static final String MAX_POLL_INTERVAL_OVERRIDE = "consumer.override.max.poll.interval.ms";
    /** Room left for the calls themselves and the other records of the same put(). */
    static final long PUT_MARGIN_MS = 30_000;

    /**
     * A request's waits (for the imports ahead of it, then for its status) run in put(): together they must stay
     * below the consumer's max.poll.interval.ms, or the worker's consumer is evicted and the batch redelivered.
     */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        config.configValues().forEach(v -> byName.put(v.name(), v));
        ConfigValue status = byName.get(CampaignSendConfig.STATUS_TIMEOUT_MS);
        ConfigValue await = byName.get(CampaignSendConfig.AWAIT_TIMEOUT_MS);
        if (status == null || await == null || !status.errorMessages().isEmpty() || !await.errorMessages().isEmpty()
                || !(status.value() instanceof Long s) || !(await.value() instanceof Long a)) {
            return config;
        }
        long maxPoll = DEFAULT_MAX_POLL_INTERVAL_MS;
        String override = connectorConfigs.get(MAX_POLL_INTERVAL_OVERRIDE);
        if (override != null) {
            try {
                maxPoll = Long.parseLong(override.trim());
            } catch (NumberFormatException e) {
                return config; // the worker reports the malformed consumer override itself
            }
        }
        if (s + a > maxPoll - PUT_MARGIN_MS) {
            status.addErrorMessage(CampaignSendConfig.STATUS_TIMEOUT_MS + " (" + s + ") + "
                    + CampaignSendConfig.AWAIT_TIMEOUT_MS + " (" + a + ") must stay " + PUT_MARGIN_MS / 1000
                    + " s below the consumer's max.poll.interval.ms (" + maxPoll + (override == null ? ", the default"
                    : ", " + MAX_POLL_INTERVAL_OVERRIDE) + "): a request waits for both inside put(), and a longer"
                    + " put() gets the task's consumer evicted. Lower them, or raise " + MAX_POLL_INTERVAL_OVERRIDE
                    + ".");
        }
        return config;
    }
}
