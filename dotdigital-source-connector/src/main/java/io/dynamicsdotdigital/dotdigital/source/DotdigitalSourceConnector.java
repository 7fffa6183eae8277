package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.metrics.ConnectorMetrics;
import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

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
        return ConfigValidation.of(DotdigitalSourceConfig.configDef(), DotdigitalSourceConfig::new)
                .<DotdigitalSourceConfig>crossField((cfg, errors) -> {
                    if (cfg.startDate(Clock.systemUTC()).isAfter(Instant.now())) {
                        errors.add(DotdigitalSourceConfig.START_DATE, "lies in the future; nothing would be read"
                                + " until then");
                    }
                })
                .<DotdigitalSourceConfig>connectivity(DotdigitalConfigDefs.API_PASSWORD, PROBE_TIMEOUT,
                        (cfg, errors) -> probe(cfg))
                .validate(connectorConfigs);
    }

    /** Signs in with the API user and reads account-info; a failure names the call and lands on the password. */
    private static void probe(DotdigitalSourceConfig cfg) {
        try (DotdigitalClient client = DotdigitalClients.create(cfg.clientSettings(), cfg.httpSettings(),
                probeResilience(cfg), null)) {
            client.accountInfo();
        }
    }

    /** Validation should answer quickly: few attempts, no long waits. */
    private static ResilienceSettings probeResilience(DotdigitalSourceConfig cfg) {
        ResilienceSettings r = cfg.resilienceSettings();
        return new ResilienceSettings(Math.min(2, r.maxAttempts()), r.initialBackoff(), r.maxBackoff(),
                Duration.ofSeconds(5), r.callsPerMinute(), r.callsPerHour(), r.circuitFailureRate(),
                r.circuitMinimumCalls(), r.circuitOpenDuration());
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
                SourcePartitions.validate(e.getKey());
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
