package io.dynamicsdotdigital.dotdigital.sink;

import io.dynamicsdotdigital.common.config.TaskConfigs;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfig;
import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConfigValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/** Writes contact-like records into Dotdigital contacts and address books, in bulk imports. */
public class DotdigitalSinkConnector extends SinkConnector {
    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        DotdigitalSinkConfig config = new DotdigitalSinkConfig(props);
        config.checkTopicOverrides();
        config.listMemberMapping();
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DotdigitalSinkTask.class;
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
        return DotdigitalSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return DotdigitalSinkConfigValidator.validation().validate(connectorConfigs);
    }
}
