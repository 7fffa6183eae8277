package io.dynamicsdotdigital.testsupport;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A Dataverse emulator over HTTPS, in this JVM, and the connector settings that reach it. */
public final class DataverseEmulatorFixture implements AutoCloseable {
    public static final String TRUST_PASSWORD = "changeit";
    public final DataverseEmulator emulator;
    public final Path trustStore;

    public DataverseEmulatorFixture(DataverseSeed seed) {
        this(DataverseEmulator.builder().port(0).https(true).seed(seed));
    }

    /** For emulators that need more than a seed (fault injection, delays): the builder is started here. */
    public DataverseEmulatorFixture(DataverseEmulator.Builder builder) {
        this.emulator = builder.build().start();
        this.trustStore = TrustStores.write("dataverse-trust");
    }

    /**
     * Connection, credentials, trust and short retry backoffs, as both Dynamics connectors take them; callers add
     * the connector class, tables and the rest.
     */
    public Map<String, String> connectionProps(String connectorName) {
        Map<String, String> p = new HashMap<>();
        p.put("name", connectorName);
        p.put("dynamics.url", emulator.orgUrl());
        p.put("dynamics.authority", emulator.authorityUrl());
        p.put("dynamics.tenant.id", emulator.tenantId());
        p.put("dynamics.client.id", emulator.clientId());
        p.put("dynamics.client.secret", emulator.clientSecret());
        p.putAll(TrustStores.connectorProps(trustStore));
        p.put("retry.backoff.initial.ms", "50");
        p.put("retry.backoff.max.ms", "500");
        return p;
    }

    @Override
    public void close() {
        emulator.close();
        TrustStores.delete(trustStore);
    }

    /** The emulators' shared self-signed certificate as a PKCS12 trust store the connectors read. */
    static final class TrustStores {
        private TrustStores() {
        }

        static Path write(String prefix) {
            try {
                Path file = Files.createTempDirectory(prefix).resolve("trust.p12");
                return SelfSignedTls.shared().writeTrustStore(file, TRUST_PASSWORD);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static Map<String, String> connectorProps(Path trustStore) {
            return Map.of("http.truststore.path", trustStore.toString(),
                    "http.truststore.password", TRUST_PASSWORD,
                    "http.truststore.type", "PKCS12");
        }

        static void delete(Path trustStore) {
            try {
                Files.deleteIfExists(trustStore);
                Files.deleteIfExists(trustStore.getParent());
            } catch (IOException ignored) {
                // A temporary file; the OS cleans up.
            }
        }
    }
}
