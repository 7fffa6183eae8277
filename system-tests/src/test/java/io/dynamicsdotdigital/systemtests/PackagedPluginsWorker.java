package io.dynamicsdotdigital.systemtests;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded Kafka broker and Connect worker for the whole test run, whose worker loads the four connectors only
 * from their packaged plugin folders ({@code plugin.path}) with {@code plugin.discovery=service_load}, as a
 * production worker would. Test methods receive its {@link ConnectRest} or the whole {@link Cluster}.
 */
final class PackagedPluginsWorker implements ParameterResolver {

    /** Closed by JUnit when the root store closes, after the last test class. */
    static final class Cluster implements AutoCloseable {
        final EmbeddedConnectCluster connect;
        final ConnectRest rest;

        Cluster() {
            Map<String, String> worker = new HashMap<>();
            worker.put("plugin.path", ProjectLayout.pluginPathEntries().stream().map(Path::toString)
                    .collect(Collectors.joining(",")));
            worker.put("plugin.discovery", "service_load");
            // As in the quickstart and the README's production setup, so exactly.once.support=required validates.
            worker.put("exactly.once.source.support", "enabled");
            Properties broker = new Properties();
            broker.put("transaction.state.log.replication.factor", "1");
            broker.put("transaction.state.log.min.isr", "1");
            connect = new EmbeddedConnectCluster.Builder()
                    .name("system-tests")
                    .numBrokers(1)
                    .numWorkers(1)
                    .brokerProps(broker)
                    .workerProps(worker)
                    .build();
            connect.start();
            String pluginsUrl = connect.endpointForResource("connector-plugins");
            rest = new ConnectRest(URI.create(pluginsUrl.substring(0, pluginsUrl.length() - "connector-plugins".length())));
        }

        @Override
        public void close() {
            connect.stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == ConnectRest.class || type == Cluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Cluster cluster = shared(context);
        return parameter.getParameter().getType() == Cluster.class ? cluster : cluster.rest;
    }

    /** The run's one cluster, started by the first test class that asks for it. */
    static Cluster shared(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(PackagedPluginsWorker.class))
                .computeIfAbsent(Cluster.class, k -> new Cluster(), Cluster.class);
    }
}
