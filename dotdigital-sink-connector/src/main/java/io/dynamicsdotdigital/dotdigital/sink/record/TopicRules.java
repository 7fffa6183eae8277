package io.dynamicsdotdigital.dotdigital.sink.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The email field and data-field mapping that apply to each topic (contacts, leads, accounts may differ). */
public final class TopicRules {
    /** What applies to one topic. */
    public record Rules(String emailField, List<FieldMapping> mappings) {
    }

    private final Rules defaults;
    private final Map<String, Rules> byTopic = new HashMap<>();

    public TopicRules(String defaultEmailField, List<FieldMapping> defaultMappings,
                      Map<String, String> topicEmailFields, Map<String, List<FieldMapping>> topicMappings) {
        this.defaults = new Rules(defaultEmailField, defaultMappings);
        List<String> topics = new ArrayList<>(topicEmailFields.keySet());
        topics.addAll(topicMappings.keySet());
        for (String topic : topics) {
            byTopic.put(topic, new Rules(topicEmailFields.getOrDefault(topic, defaultEmailField),
                    topicMappings.getOrDefault(topic, defaultMappings)));
        }
    }

    public Rules forTopic(String topic) {
        return byTopic.getOrDefault(topic, defaults);
    }

    /** Every mapping of every topic, for checking the data fields up front. */
    public List<FieldMapping> allMappings() {
        List<FieldMapping> all = new ArrayList<>(defaults.mappings());
        byTopic.values().forEach(r -> all.addAll(r.mappings()));
        return all;
    }
}
