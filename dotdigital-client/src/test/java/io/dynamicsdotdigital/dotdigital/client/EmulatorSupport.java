package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.config.types.Password;

/** Builds clients that trust the emulator's certificate through a trust store file, as a deployment would. */
final class EmulatorSupport {
    static final String TRUST_PASSWORD = "changeit";

    private EmulatorSupport() {
    }

    static HttpSettings httpSettings(Path dir) {
        Path store = SelfSignedTls.shared().writeTrustStore(dir.resolve("emulator-trust.p12"), TRUST_PASSWORD);
        return HttpSettings.builder().connectTimeout(Duration.ofSeconds(5)).requestTimeout(Duration.ofSeconds(30))
                .trustStore(store.toString(), new Password(TRUST_PASSWORD), "PKCS12").build();
    }

    /** Quick retries so throttling tests stay fast; server hints are honoured up to 5 s. */
    static ResilienceSettings fastRetries() {
        return new ResilienceSettings(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5), 0, 0,
                50f, 100, Duration.ofSeconds(5));
    }

    static DotdigitalClientSettings settings(DotdigitalEmulator emu, DotdigitalTransport transport) {
        return new DotdigitalClientSettings(emu.apiUser(), new Password(emu.apiPassword()), emu.baseUrl(), null,
                transport, transport == DotdigitalTransport.SOAP ? emu.soapUrl() : "");
    }
}
