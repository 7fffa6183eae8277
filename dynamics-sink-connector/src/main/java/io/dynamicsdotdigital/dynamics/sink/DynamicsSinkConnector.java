package io.dynamicsdotdigital.dynamics.sink;

import io.dynamicsdotdigital.common.config.TaskConfigs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes records into one Dataverse table (the write-back direction: Dotdigital tracking data, unsubscribes or any
 * other topic into Dynamics). Every task gets the same settings; Kafka spreads the topic partitions over them.
 */
public class DynamicsSinkConnector extends SinkConnector {
    private static final Logger log = LoggerFactory.getLogger(DynamicsSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        DynamicsSinkConfig config;
        try {
            config = new DynamicsSinkConfig(props);
        } catch (ConfigException e) {
            throw new ConnectException("Invalid Dynamics sink configuration: " + e.getMessage(), e);
        }
        this.props = Map.copyOf(props);
        log.info("Dynamics sink connector for {} starting: {} into {}", config.orgUrl(), config.writeMode(),
                config.entitySet());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DynamicsSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks);
    }

    @Override
    public void stop() {
        log.info("Dynamics sink connector stopping");
    }

    @Override
    public ConfigDef config() {
        return DynamicsSinkConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new DynamicsSinkConfigValidator().validate(connectorConfigs);
    }
}
