package io.dynamicsdotdigital.systemtests;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sink connectors the bad-input test runs, one per converter setup, each configured like its quickstart example
 * (config-examples/quickstart/) with its own topics, address book and dead-letter topic.
 */
enum BadInputConnector {
    DD_SCHEMA("badinput-dotdigital-json-schemas", "dotdigital-sink-connector", "bi.dd.schema.contact",
            Converter.JSON_WITH_SCHEMAS),
    DD_PLAIN("badinput-dotdigital-json-plain", "dotdigital-sink-connector", "bi.dd.plain.contact",
            Converter.JSON_WITHOUT_SCHEMAS),
    DD_STRING("badinput-dotdigital-string", "dotdigital-sink-connector", "bi.dd.string.contact", Converter.STRING),
    DY_SCHEMA("badinput-dynamics-json-schemas", "dynamics-sink-connector", "bi.dy.schema.summary",
            Converter.JSON_WITH_SCHEMAS),
    DY_PLAIN("badinput-dynamics-json-plain", "dynamics-sink-connector", "bi.dy.plain.summary",
            Converter.JSON_WITHOUT_SCHEMAS),
    DY_STRING("badinput-dynamics-string", "dynamics-sink-connector", "bi.dy.string.summary", Converter.STRING);

    enum Converter { JSON_WITH_SCHEMAS, JSON_WITHOUT_SCHEMAS, STRING }

    static final String DD_PLAIN_LIST = "bi.dd.plain.list";
    static final String DD_PLAIN_LISTMEMBER = "bi.dd.plain.listmember";
    /** A table topic the Dotdigital sink has no rules for (picked up by a topic list that grew). */
    static final String DD_PLAIN_CAMPAIGN = "bi.dd.plain.campaign";

    final String connectorName;
    final String module;
    final String topic;
    final Converter converter;

    BadInputConnector(String connectorName, String module, String topic, Converter converter) {
        this.connectorName = connectorName;
        this.module = module;
        this.topic = topic;
        this.converter = converter;
    }

    boolean dotdigital() {
        return module.startsWith("dotdigital");
    }

    String dlq() {
        return connectorName + "-dlq";
    }

    String addressBook() {
        return "Badinput " + name().toLowerCase(java.util.Locale.ROOT);
    }

    List<String> topics() {
        return this == DD_PLAIN ? List.of(topic, DD_PLAIN_LIST, DD_PLAIN_LISTMEMBER, DD_PLAIN_CAMPAIGN)
                : List.of(topic);
    }

    /** The quickstart example's settings with this connector's topics, converters and dead-letter topic. */
    Map<String, String> config(Map<String, String> quickstartExample) {
        Map<String, String> c = new HashMap<>(quickstartExample);
        c.put("name", connectorName);
        c.put("topics", String.join(",", topics()));
        c.put("errors.tolerance", "all");
        c.put("errors.deadletterqueue.topic.name", dlq());
        c.put("errors.deadletterqueue.topic.replication.factor", "1");
        c.put("errors.deadletterqueue.context.headers.enable", "true");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        switch (converter) {
            case STRING -> c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            case JSON_WITH_SCHEMAS, JSON_WITHOUT_SCHEMAS -> {
                c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
                c.put("value.converter.schemas.enable", Boolean.toString(converter == Converter.JSON_WITH_SCHEMAS));
            }
        }
        if (dotdigital()) {
            c.put("addressbook.name", addressBook());
            c.put("import.flush.interval.ms", "500");
            c.put("import.poll.interval.ms", "200");
            c.put("listmember.topic", this == DD_PLAIN ? DD_PLAIN_LISTMEMBER : "");
            c.put("list.topic", this == DD_PLAIN ? DD_PLAIN_LIST : "");
            c.put("listmember.unresolved.wait.ms", "8000");
            if (this == DD_SCHEMA) {
                // Typed data fields the sink creates at start, so numbers, dates and booleans reach real types.
                c.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME,score:BISCORE:Numeric,"
                        + "birthday:BIBIRTHDAY:Date,vip:BIVIP:Boolean,address.city:BICITY:String");
                c.put("datafields.auto.create", "true");
            } else if (this == DD_PLAIN) {
                // BINICKNAME does not exist and may not be created: records with a nickname must fail.
                c.put("datafield.mapping", "firstname:FIRSTNAME,lastname:LASTNAME,nickname:BINICKNAME");
                c.put("datafields.auto.create", "false");
            }
        } else if (this == DY_PLAIN) {
            // Unmapped fields become columns, so a field the table lacks reaches Dataverse.
            c.put("unmapped.fields", "write");
        }
        return c;
    }
}
