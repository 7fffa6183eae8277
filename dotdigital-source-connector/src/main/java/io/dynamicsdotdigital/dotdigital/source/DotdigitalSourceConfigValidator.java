package io.dynamicsdotdigital.dotdigital.source;

import io.dynamicsdotdigital.common.config.ConfigValidation;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalClients;
import io.dynamicsdotdigital.dotdigital.client.DotdigitalConfigDefs;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.Config;

/**
 * validate(): field checks, then the cross-field rules (a start date in the past), then (with a time limit) a
 * sign-in that reads account-info, whose failure lands on the API password.
 */
final class DotdigitalSourceConfigValidator {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    private final Clock clock;

    DotdigitalSourceConfigValidator(Clock clock) {
        this.clock = clock;
    }

    Config validate(Map<String, String> props) {
        return ConfigValidation.of(DotdigitalSourceConfig.configDef(), DotdigitalSourceConfig::new)
                .<DotdigitalSourceConfig>crossField(this::checkStartDate)
                .<DotdigitalSourceConfig>connectivity(DotdigitalConfigDefs.API_PASSWORD, PROBE_TIMEOUT,
                        (cfg, errors) -> probe(cfg))
                .validate(props);
    }

    private void checkStartDate(DotdigitalSourceConfig cfg, ConfigValidation.Errors errors) {
        if (cfg.startDate(clock).isAfter(clock.instant())) {
            errors.add(DotdigitalSourceConfig.START_DATE, "lies in the future; nothing would be read until then");
        }
    }

    /** Signs in with the API user and reads account-info; a failure names the call and lands on the password. */
    private static void probe(DotdigitalSourceConfig cfg) {
        try (DotdigitalClient client = DotdigitalClients.create(cfg.clientSettings(), cfg.httpSettings(),
                probeResilience(cfg), null)) {
            client.accountInfo();
        }
    }

    /** Validation should answer quickly: few attempts, no long waits. */
    static ResilienceSettings probeResilience(DotdigitalSourceConfig cfg) {
        ResilienceSettings r = cfg.resilienceSettings();
        return new ResilienceSettings(Math.min(2, r.maxAttempts()), r.initialBackoff(), r.maxBackoff(),
                Duration.ofSeconds(5), r.callsPerMinute(), r.callsPerHour(), r.circuitFailureRate(),
                r.circuitMinimumCalls(), r.circuitOpenDuration());
    }
}
