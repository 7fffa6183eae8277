package io.dynamicsdotdigital.dotdigital.sink.send;

import io.dynamicsdotdigital.common.config.TaskConfigs;
import io.dynamicsdotdigital.dotdigital.sink.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Carries out campaign send requests (Dynamics Email Send and Email Single Send rows) as Dotdigital sends, at most
 * once per request id, never to an empty target, only for allow-listed campaigns; one outcome per request on the
 * result topic. A connector of its own rather than a topic of the contact sink: its delivery promise (at most
 * once) is the opposite of the contact sink's (at least once, imports are idempotent), and a send followed up for
 * its status must not hold up contact imports.
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
    public Config validate(Map<String, String> connectorConfigs) {
        return new CampaignSendConfigValidator().validate(connectorConfigs);
    }

    @Override
    public ConfigDef config() {
        return CampaignSendConfig.configDef();
    }
}
