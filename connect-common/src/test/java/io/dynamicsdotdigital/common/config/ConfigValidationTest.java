package io.dynamicsdotdigital.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpConfigDefs;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {
    static final ConfigDef DEF = credentials(HttpConfigDefs.addResilience(HttpConfigDefs.addHttp(
            new ConfigDef().define("api.url", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                    Validators.httpUrl(false), ConfigDef.Importance.HIGH, "The API URL.", "Connection", 1,
                    ConfigDef.Width.LONG, "API URL")), 0, 0));

    private static ConfigDef credentials(ConfigDef def) {
        return def.define("x.client.id", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH, "Client id.", "Authentication", 1,
                        ConfigDef.Width.MEDIUM, "Client id")
                .define("x.client.secret", ConfigDef.Type.PASSWORD, "", ConfigDef.Importance.HIGH, "Client secret.",
                        "Authentication", 2, ConfigDef.Width.MEDIUM, "Client secret")
                .define("x.client.certificate.path", ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                        "Client certificate.", "Authentication", 3, ConfigDef.Width.LONG, "Client certificate");
    }

    private static Map<String, String> validProps() {
        Map<String, String> props = new HashMap<>();
        props.put("api.url", "https://org.crm.dynamics.com");
        props.put("x.client.id", "client");
        props.put("x.client.secret", "secret");
        return props;
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElse(List.of());
    }

    @Test
    void fieldErrorsComeFirstAndStopFurtherChecks() {
        AtomicBoolean probed = new AtomicBoolean();
        Map<String, String> props = validProps();
        props.put("api.url", "not a url");
        props.put(HttpConfigDefs.RETRY_MAX_ATTEMPTS, "0");
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .connectivity("x.client.secret", Duration.ofSeconds(5), (c, e) -> probed.set(true))
                .validate(props);
        assertFalse(errors(result, "api.url").isEmpty());
        assertFalse(errors(result, HttpConfigDefs.RETRY_MAX_ATTEMPTS).isEmpty());
        assertFalse(probed.get(), "no connectivity probe while fields are wrong");
    }

    @Test
    void crossFieldErrorsLandOnTheNamedField() {
        Map<String, String> props = validProps();
        props.put("x.client.secret", "");
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .crossField((AbstractConfig c, ConfigValidation.Errors e) -> {
                    if (c.getPassword("x.client.secret").value().isEmpty()
                            && c.getString("x.client.certificate.path").isEmpty()) {
                        e.add("x.client.secret", "set a client secret or a client certificate");
                    }
                })
                .validate(props);
        assertEquals(List.of("set a client secret or a client certificate"), errors(result, "x.client.secret"));
        assertTrue(errors(result, "api.url").isEmpty());
    }

    @Test
    void aSlowConnectivityProbeTimesOutOnTheCredentialField() {
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .connectivity("x.client.secret", Duration.ofMillis(300), (c, e) -> Thread.sleep(5_000))
                .validate(validProps());
        List<String> messages = errors(result, "x.client.secret");
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).contains("no answer within"), messages.get(0));
    }

    @Test
    void aProbeThatOutlivesItsTimeLimitCannotAddErrorsToTheReturnedConfig() throws Exception {
        java.util.concurrent.CountDownLatch wrote = new java.util.concurrent.CountDownLatch(1);
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .connectivity("x.client.secret", Duration.ofMillis(200), (c, e) -> {
                    long until = System.nanoTime() + 700_000_000L;
                    while (System.nanoTime() < until) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException deaf) {
                            // Like a probe blocked in I/O that does not answer the interrupt.
                        }
                    }
                    e.add("api.url", "written after the time limit");
                    wrote.countDown();
                })
                .validate(validProps());
        assertTrue(wrote.await(5, java.util.concurrent.TimeUnit.SECONDS), "the late probe ran to its end");
        assertEquals(List.of(), errors(result, "api.url"));
        assertEquals(1, errors(result, "x.client.secret").size());
    }

    @Test
    void errorsAProbeAddsWithinItsTimeLimitAreReported() {
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .connectivity("x.client.secret", Duration.ofSeconds(5),
                        (c, e) -> e.add("api.url", "no such organisation"))
                .validate(validProps());
        assertEquals(List.of("no such organisation"), errors(result, "api.url"));
    }

    @Test
    void aFailingProbeReportsItsMessageOnTheCredentialField() {
        Config result = ConfigValidation.of(DEF, p -> new AbstractConfig(DEF, p))
                .connectivity("x.client.secret", Duration.ofSeconds(5), (c, e) -> {
                    throw new IllegalStateException("token endpoint refused client 'client': invalid_client");
                })
                .validate(validProps());
        assertEquals(List.of("token endpoint refused client 'client': invalid_client"),
                errors(result, "x.client.secret"));
    }

    @Test
    void docsListEveryKeyByGroupAndHideSecretDefaults() {
        String md = ConfigDocs.markdown("Test connector", "Intro.", DEF);
        for (String key : DEF.names()) {
            assertTrue(md.contains("### `" + key + "`"), key);
        }
        assertTrue(md.indexOf("## Connection") < md.indexOf("## HTTP transport"));
        assertTrue(md.contains("### `api.url`\n\nThe API URL.\n\n- Type: string\n- Default: (required)"));
        assertTrue(md.contains("- Valid values: PKCS12, JKS"));
    }

    @Test
    void enumValidatorRecommendsItsValuesAndIgnoresCase() {
        Validators.EnumValidator v = Validators.oneOf("rest", "soap");
        v.ensureValid("t", "SOAP");
        assertEquals(List.of("rest", "soap"), v.validValues("t", Map.of()));
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.kafka.common.config.ConfigException.class,
                () -> v.ensureValid("t", "grpc"));
    }
}
