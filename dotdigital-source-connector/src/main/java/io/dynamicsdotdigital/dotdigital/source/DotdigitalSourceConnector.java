package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Dotdigital tracking data (campaign summaries, send summaries, clicks, opens, page views, ROI, hard bounces),
 * unsubscribes, suppressions, form responses and preference opt-ins into one topic per stream.
 */
public class DotdigitalSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(DotdigitalSourceConnector.class);

    private Map<String, String> props;
    private DotdigitalSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = new DotdigitalSourceConfig(props);
        log.info("Dotdigital source connector starting with streams {}", config.streams());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return DotdigitalSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (config == null) {
            throw new ConnectException("taskConfigs called before start");
        }
        return ConnectorMetrics.withTaskIds(
                TaskAssignment.plan(config.streams(), maxTasks).stream().map(a -> a.addTo(props)).toList());
    }

    @Override
    public void stop() {
        config = null;
    }

    @Override
    public ConfigDef config() {
        return DotdigitalSourceConfig.configDef();
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new DotdigitalSourceConfigValidator(Clock.systemUTC()).validate(connectorConfigs);
    }

    /** Offsets are plain since-date watermarks and key sets, so exactly-once delivery needs nothing special. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    /**
     * Accepts offsets written through the Connect REST API only when they have this connector's shape, so an
     * operator can re-read from a date ({@code {"watermark":"2026-11-01T00:00:00Z"}}) or reset a partition (null).
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            try {
                StreamPartitions.validate(e.getKey());
                if (e.getValue() != null) {
                    StreamOffset.fromMap(e.getValue());
                }
            } catch (IllegalArgumentException bad) {
                throw new ConnectException("Cannot alter offsets: " + bad.getMessage());
            }
        }
        return true;
    }
}
