package io.dynamicsdotdigital.common.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The validate() pattern of every connector: field errors first; only when the fields are sound, cross-field checks
 * that put their errors on the named field; only when those pass, a connectivity/credential check with a time
 * limit whose failure lands on the credential field.
 */
public final class ConfigValidation {

    /** A check that reports problems through {@link Errors}; exceptions are reported on its default field. */
    @FunctionalInterface
    public interface Check<C extends AbstractConfig> {
        void run(C config, Errors errors) throws Exception;
    }

    /** Collects errors per configuration key. */
    public static final class Errors {
        private final Map<String, ConfigValue> values;

        Errors(Map<String, ConfigValue> values) {
            this.values = values;
        }

        public void add(String key, String message) {
            values.computeIfAbsent(key, ConfigValue::new).addErrorMessage(message);
        }

        public boolean any() {
            return values.values().stream().anyMatch(v -> !v.errorMessages().isEmpty());
        }
    }

    private final ConfigDef definition;
    private final Function<Map<String, String>, ? extends AbstractConfig> parser;
    private final List<Check<AbstractConfig>> crossFieldChecks = new ArrayList<>();
    private Check<AbstractConfig> connectivityCheck;
    private String connectivityField;
    private Duration connectivityTimeout = Duration.ofSeconds(30);

    private ConfigValidation(ConfigDef definition, Function<Map<String, String>, ? extends AbstractConfig> parser) {
        this.definition = definition;
        this.parser = parser;
    }

    public static ConfigValidation of(ConfigDef definition,
                                      Function<Map<String, String>, ? extends AbstractConfig> parser) {
        return new ConfigValidation(definition, parser);
    }

    @SuppressWarnings("unchecked")
    public <C extends AbstractConfig> ConfigValidation crossField(Check<C> check) {
        crossFieldChecks.add((Check<AbstractConfig>) check);
        return this;
    }

    /**
     * @param field   the key that gets the error when the check throws or times out (the credential, usually)
     * @param timeout how long the probe may take
     */
    @SuppressWarnings("unchecked")
    public <C extends AbstractConfig> ConfigValidation connectivity(String field, Duration timeout, Check<C> check) {
        this.connectivityField = field;
        this.connectivityTimeout = timeout;
        this.connectivityCheck = (Check<AbstractConfig>) check;
        return this;
    }

    public Config validate(Map<String, String> props) {
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        for (ConfigValue v : definition.validate(props)) {
            values.put(v.name(), v);
        }
        Errors errors = new Errors(values);
        if (errors.any()) {
            return new Config(new ArrayList<>(values.values()));
        }
        AbstractConfig config;
        try {
            config = parser.apply(props);
        } catch (ConfigException e) {
            errors.add(keyOf(e, connectivityField), e.getMessage());
            return new Config(new ArrayList<>(values.values()));
        }
        for (Check<AbstractConfig> check : crossFieldChecks) {
            try {
                check.run(config, errors);
            } catch (ConfigException e) {
                errors.add(keyOf(e, connectivityField), e.getMessage());
            } catch (Exception e) {
                errors.add(connectivityField, String.valueOf(e.getMessage()));
            }
        }
        if (!errors.any() && connectivityCheck != null) {
            runConnectivity(config, errors);
        }
        return new Config(new ArrayList<>(values.values()));
    }

    private void runConnectivity(AbstractConfig config, Errors errors) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-connectivity-check");
            t.setDaemon(true);
            return t;
        });
        // The probe writes into its own map: a probe that outlives its time limit (blocked in I/O, deaf to the
        // interrupt) must not add errors to the Config already returned.
        Map<String, ConfigValue> probeValues = new LinkedHashMap<>();
        Errors probeErrors = new Errors(probeValues);
        try {
            Future<?> probe = executor.submit(() -> {
                connectivityCheck.run(config, probeErrors);
                return null;
            });
            probe.get(connectivityTimeout.toMillis(), TimeUnit.MILLISECONDS);
            copy(probeValues, errors);
        } catch (TimeoutException e) {
            errors.add(connectivityField, "no answer within " + connectivityTimeout.toSeconds()
                    + " s while checking connectivity and credentials");
        } catch (ExecutionException e) {
            copy(probeValues, errors);
            Throwable cause = e.getCause();
            String key = cause instanceof ConfigException ce ? keyOf(ce, connectivityField) : connectivityField;
            errors.add(key, String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(connectivityField, "interrupted while checking connectivity");
        } finally {
            executor.shutdownNow();
        }
    }

    /** Called only once the probe has finished (its Future returned), so its map is complete and visible. */
    private static void copy(Map<String, ConfigValue> from, Errors into) {
        for (ConfigValue v : from.values()) {
            for (String message : v.errorMessages()) {
                into.add(v.name(), message);
            }
        }
    }

    /** ConfigException's message starts "Invalid value X for configuration KEY": put the error on that key. */
    private String keyOf(ConfigException e, String fallback) {
        String message = String.valueOf(e.getMessage());
        String marker = "for configuration ";
        int at = message.indexOf(marker);
        if (at >= 0) {
            String rest = message.substring(at + marker.length());
            int end = rest.indexOf(':');
            String key = (end < 0 ? rest : rest.substring(0, end)).trim();
            if (definition.configKeys().containsKey(key)) {
                return key;
            }
        }
        return fallback;
    }
}
