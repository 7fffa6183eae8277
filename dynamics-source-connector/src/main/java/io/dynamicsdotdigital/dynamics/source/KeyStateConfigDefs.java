package io.dynamicsdotdigital.dynamics.source;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** The key-state settings of the source connector ({@link KafkaKeyStateStore}). */
final class KeyStateConfigDefs {
    private KeyStateConfigDefs() {
    }

    static void add(ConfigDef def) {
        int order = 0;
        def.define(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS, Type.STRING, "", Importance.HIGH,
                        "Kafka bootstrap servers of the cluster holding the key-state topic, usually the worker's own"
                                + " bootstrap.servers (a connector cannot read the worker's settings). With it,"
                                + " every row deleted in Dynamics becomes a tombstone also when it was deleted while"
                                + " no task ran (stopped connector, rebalance, expired delta token): a restarted or"
                                + " re-read table is compared with the rows Kafka holds. Empty: no key state, and"
                                + " such deletes are only found while a task runs. Kafka client settings for it"
                                + " (security.protocol, sasl.*, ssl.*) go under the prefix "
                                + DynamicsSourceConfig.KEY_STATE_CLIENT_PREFIX + ".",
                        DynamicsSourceConfig.KEY_STATE_GROUP, ++order, Width.LONG, "Key-state bootstrap servers")
                .define(DynamicsSourceConfig.KEY_STATE_TOPIC, Type.STRING, "", Importance.MEDIUM,
                        "Compacted topic recording which rows of each table are in Kafka (about 55 bytes per row);"
                                + " created with one partition if missing. Empty for <connector name>-key-state."
                                + " Connectors must not share one.",
                        DynamicsSourceConfig.KEY_STATE_GROUP, ++order, Width.MEDIUM, "Key-state topic");
    }

    /** Bootstrap servers plus the {@code key.state.kafka.}-prefixed client settings. */
    static Map<String, Object> clientProps(AbstractConfig config) {
        Map<String, Object> p = new HashMap<>(config.originalsWithPrefix(DynamicsSourceConfig.KEY_STATE_CLIENT_PREFIX));
        p.put("bootstrap.servers", config.getString(DynamicsSourceConfig.KEY_STATE_BOOTSTRAP_SERVERS).trim());
        return p;
    }
}
