package io.dynamicsdotdigital.dotdigital.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** validate(): field errors, cross-field errors on the right key, then the account probe against the emulator. */
class DotdigitalSinkConfigValidatorTest {
    private static DotdigitalEmulator emu;
    private static Path trust;

    @BeforeAll
    static void start() throws Exception {
        emu = DotdigitalEmulator.builder().port(0).https(true).seed(DotdigitalSeed.empty()).build().start();
        trust = SelfSignedTls.shared().writeTrustStore(Files.createDirectories(Path.of("target", "validate-tls"))
                .resolve("truststore.p12"), "changeit");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Map<String, String> props() {
        Map<String, String> p = new HashMap<>();
        p.put("connector.class", DotdigitalSinkConnector.class.getName());
        p.put("topics", "contacts");
        p.put("dotdigital.api.user", emu.apiUser());
        p.put("dotdigital.api.password", emu.apiPassword());
        p.put("dotdigital.api.endpoint", emu.baseUrl());
        p.put("http.truststore.path", trust.toAbsolutePath().toString());
        p.put("http.truststore.password", "changeit");
        p.put("retry.max.attempts", "1");
        return p;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new DotdigitalSinkConnector().validate(props);
        Map<String, List<String>> out = new HashMap<>();
        for (ConfigValue v : config.configValues()) {
            if (!v.errorMessages().isEmpty()) {
                out.put(v.name(), v.errorMessages());
            }
        }
        return out;
    }

    @Test
    void aSoundConfigurationValidates() {
        assertEquals(Map.of(), errors(props()));
    }

    @Test
    void fieldErrorsComeFirst() {
        Map<String, String> p = props();
        p.put("import.api", "v9");
        p.put("datafield.mapping", "firstname");
        p.put("preferences.columns", "esc_news:notanumber");
        Map<String, List<String>> e = errors(p);
        assertTrue(e.containsKey("preferences.columns"), e.toString());
        assertTrue(e.containsKey("import.api"), e.toString());
        assertTrue(e.containsKey("datafield.mapping"), e.toString());
    }

    @Test
    void crossFieldErrorsLandOnTheKeyAtFault() {
        Map<String, String> p = props();
        p.put("addressbook.id", "5");
        p.put("addressbook.name", "Both");
        p.put("topic.leads.mapping", "firstname");
        p.put("listmember.topic", "members");
        p.put("preferences.topic", "crm.subscriptions");
        Map<String, List<String>> e = errors(p);
        assertTrue(e.get("preferences.topic").get(0).contains("not among"), e.toString());
        assertTrue(e.get("addressbook.name").get(0).contains("not both"), e.toString());
        assertTrue(e.containsKey("topic.leads.mapping"), e.toString());
        assertTrue(e.get("listmember.topic").get(0).contains("not among"), e.toString());
        Map<String, String> csv = props();
        csv.put("import.api", "v2_csv");
        assertTrue(errors(csv).containsKey("import.api"));
    }

    @Test
    void theAccountProbeReportsBadCredentialsOnThePasswordAndUnknownAddressBooks() {
        Map<String, String> wrong = props();
        wrong.put("dotdigital.api.password", "not-the-password");
        Map<String, List<String>> e = errors(wrong);
        assertEquals(List.of("dotdigital.api.password"), List.copyOf(e.keySet()), e.toString());
        assertFalse(e.get("dotdigital.api.password").get(0).contains("not-the-password"), "no secret in messages");
        Map<String, String> missingBook = props();
        missingBook.put("addressbook.id", "987654");
        assertTrue(errors(missingBook).get("addressbook.id").get(0).contains("987654"));
    }
}
