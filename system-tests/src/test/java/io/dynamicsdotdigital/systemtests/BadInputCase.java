package io.dynamicsdotdigital.systemtests;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind of bad input: the record (after any records it needs first), which connector consumes it, and what must
 * happen: a dead letter whose reason names the problem, or the effect checked through the emulators' APIs.
 */
record BadInputCase(String id, BadInputConnector connector, String description, List<Message> setup,
                    Message record, Expected expected, String reason, Check check) {

    enum Expected {
        /** In the connector's dead-letter topic with a reason containing {@link #reason()}. */
        DEAD_LETTER,
        /** Applied: {@link #check()} passes and it is not in the dead-letter topic. */
        APPLIED,
        /** Either a dead letter with the reason, or skipped (counted) with nothing changed; see the case. */
        DEAD_LETTER_OR_SKIPPED
    }

    /** Raw bytes for a topic; null key or value as Kafka carries them. */
    record Message(String topic, byte[] key, byte[] value) {
    }

    /** Asserts the effect through the emulators; retried until it passes or time runs out. */
    @FunctionalInterface
    interface Check {
        void verify(EmulatorApis emulators) throws Exception;
    }

    static BadInputCase deadLetter(String id, BadInputConnector connector, String description, byte[] key,
                                   byte[] value, String reason) {
        return new BadInputCase(id, connector, description, List.of(), new Message(connector.topic, key, value),
                Expected.DEAD_LETTER, reason, null);
    }

    static BadInputCase applied(String id, BadInputConnector connector, String description, byte[] key,
                                byte[] value, Check check) {
        return new BadInputCase(id, connector, description, List.of(), new Message(connector.topic, key, value),
                Expected.APPLIED, null, check);
    }

    BadInputCase onTopic(String topic) {
        return new BadInputCase(id, connector, description, setup, new Message(topic, record.key(), record.value()),
                expected, reason, check);
    }

    BadInputCase after(String topic, byte[] key, byte[] value) {
        List<Message> more = new ArrayList<>(setup);
        more.add(new Message(topic, key, value));
        return new BadInputCase(id, connector, description, List.copyOf(more), record, expected, reason, check);
    }

    BadInputCase orSkipped() {
        return new BadInputCase(id, connector, description, setup, record, Expected.DEAD_LETTER_OR_SKIPPED, reason,
                check);
    }

    String sink() {
        return connector.module;
    }

    @Override
    public String toString() {
        return id + ": " + description;
    }
}
