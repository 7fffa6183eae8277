package io.dynamicsdotdigital.emulator.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per JVM with the JDK's own keytool so no crypto
 * library is needed. msal4j keeps hostname checks on, so the certificate carries both names as SANs.
 */
public final class SelfSignedTls {
    private static final String ALIAS = "emulator";
    private static volatile SelfSignedTls shared;

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;

    private SelfSignedTls(KeyStore keyStore, char[] password) throws GeneralSecurityException {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
    }

    /** The JVM-wide certificate, generated on first use (about a second). */
    public static SelfSignedTls shared() {
        SelfSignedTls tls = shared;
        if (tls == null) {
            synchronized (SelfSignedTls.class) {
                if (shared == null) {
                    shared = generate();
                }
                tls = shared;
            }
        }
        return tls;
    }

    public static SelfSignedTls generate() {
        try {
            Path dir = Files.createTempDirectory("emulator-tls");
            Path file = dir.resolve("server.p12");
            char[] password = "emulator".toCharArray();
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                    "-dname", "CN=localhost, O=dynamics-dotdigital-connect emulator",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-keystore", file.toString(), "-storetype", "PKCS12",
                    "-storepass", new String(password), "-keypass", new String(password)))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool could not generate the emulator certificate: " + output);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                keyStore.load(in, password);
            }
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
            return new SelfSignedTls(keyStore, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not generate the emulator certificate", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while generating the emulator certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Key managers presenting the certificate, for servers (such as CXF's Jetty engine) that take them directly. */
    public KeyManager[] keyManagers() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, password);
            return kmf.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not build the emulator's key managers", e);
        }
    }

    /** Server side: presents the self-signed certificate. */
    public SSLContext serverContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not build the emulator's server TLS context", e);
        }
    }

    /** Client side: trusts exactly this certificate (hostname checks stay on). */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not build a client TLS context trusting the emulator", e);
        }
    }

    /** A PKCS12 trust store holding only the certificate, for clients configured by path. */
    public KeyStore trustStore() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate);
            return trust;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not build the emulator trust store", e);
        }
    }

    /** Writes {@link #trustStore()} to {@code file} with the given password (PKCS12). */
    public Path writeTrustStore(Path file, String storePassword) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                trustStore().store(out, storePassword.toCharArray());
            }
            return file;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not write the emulator trust store to " + file, e);
        }
    }
}
