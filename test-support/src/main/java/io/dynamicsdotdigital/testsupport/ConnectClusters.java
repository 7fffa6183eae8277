package io.dynamicsdotdigital.testsupport;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * Embedded Kafka brokers and Connect workers as the plugins' integration tests use them: plugins found through their
 * {@code META-INF/services} manifests ({@code plugin.discovery=service_load}, as production workers should run), and
 * a broker whose transaction log works with one replica, so exactly-once sources can run.
 */
public final class ConnectClusters {
    private ConnectClusters() {
    }

    /** A started cluster of one broker and {@code workers} workers with the given worker settings on top. */
    public static EmbeddedConnectCluster start(String name, int workers, Map<String, String> workerProps) {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.discovery", "service_load");
        worker.put("offset.flush.interval.ms", "500");
        worker.putAll(workerProps);
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder().name(name).numWorkers(workers)
                .numBrokers(1).brokerProps(broker).workerProps(worker).build();
        cluster.start();
        return cluster;
    }
}
