package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.emulator.dataverse.DataverseEmulator;
import io.dynamicsdotdigital.emulator.dataverse.DataverseSeed;
import io.dynamicsdotdigital.emulator.dataverse.OnPremises;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows authentication by Kerberos: an in-process KDC (Apache Kerby) holds the service user and the web site's
 * service principal {@code HTTP/localhost}; the emulator offers {@code Negotiate} before {@code NTLM}, as IIS does,
 * and accepts the ticket with JGSS from its keytab. The client in {@code ntlm} mode (the JDK's HttpURLConnection)
 * prefers Negotiate and gets its ticket with the configured user and password: no NTLM handshake runs. Kerberos
 * settings are global to the JVM, so surefire runs this class in a JVM of its own (see the pom).
 *
 * <p>The order matters: once a Kerberos sign-in to a host failed, the JDK remembers that Negotiate is not supported
 * for that host and uses NTLM for it until the JVM ends (docs/on-premises.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosSignInTest {
    static final String REALM = "EXAMPLE.COM";
    static final String PASSWORD = "Kerb-Pa55word!svc";
    @TempDir
    static Path dir;
    static SimpleKdcServer kdc;
    static DataverseEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        kdc = new SimpleKdcServer();
        kdc.setWorkDir(dir.toFile());
        kdc.setKdcHost("localhost");
        kdc.setKdcRealm(REALM);
        kdc.setAllowUdp(false);
        try (ServerSocket free = new ServerSocket(0)) {
            kdc.setKdcTcpPort(free.getLocalPort());
        }
        kdc.init();
        kdc.start();
        kdc.createPrincipal("svc-kafka@" + REALM, PASSWORD);
        kdc.createPrincipal("HTTP/localhost@" + REALM, "service-key-" + System.nanoTime());
        File keytab = dir.resolve("http.keytab").toFile();
        kdc.exportPrincipal("HTTP/localhost@" + REALM, keytab);
        System.setProperty("java.security.krb5.conf", dir.resolve("krb5.conf").toString());
        // No JAAS login of the worker: the JDK asks the connector's Authenticator for the user and password.
        System.setProperty("javax.security.auth.useSubjectCredsOnly", "false");
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(3))
                .onPremises(OnPremises.windows("CONTOSO").user("svc-kafka", "ntlm-is-not-used")
                        .kerberos(keytab.toPath(), "HTTP/localhost@" + REALM)).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (emu != null) {
            emu.close();
        }
        if (kdc != null) {
            kdc.stop();
        }
    }

    /** The Kerberos service name is HTTP/<host of dynamics.url>: the URL names the host, not its address. */
    static Map<String, String> props(String password) throws IOException {
        Path trust = OnPremisesSignInTest.trustStore(dir);
        Map<String, String> p = OnPremisesSignInTest.props(emu, "ntlm", "svc-kafka@" + REALM, password, trust);
        p.put("dynamics.url", "https://localhost:" + URI.create(emu.orgUrl()).getPort());
        return p;
    }

    @Test
    @Order(1)
    void aServiceUserSignsInByKerberosAndReadsAPage() throws Exception {
        WebApiDataverseClient client = OnPremisesSignInTest.client(props(PASSWORD));
        String logs = OnPremisesSignInTest.logsOf(() -> {
            client.verifyCredentials();
            assertEquals(3, OnPremisesSignInTest.countRows(client, "contacts"));
        });
        assertTrue(emu.kerberosHandshakes() >= 2, "signed in by Kerberos: " + emu.kerberosHandshakes());
        assertEquals(0, emu.windowsHandshakes(), "no NTLM handshake ran");
        assertFalse(logs.contains(PASSWORD), "the password was logged");
    }

    @Test
    @Order(2)
    void aWrongPasswordFailsOnThePasswordFieldWithoutShowingIt() throws Exception {
        int before = emu.kerberosHandshakes();
        WebApiDataverseClient client = OnPremisesSignInTest.client(props("Wrong-" + PASSWORD));
        ConfigException e = assertThrows(ConfigException.class, client::verifyCredentials);
        assertTrue(e.getMessage().contains("for configuration dynamics.password:"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        assertEquals(before, emu.kerberosHandshakes());
    }
}
