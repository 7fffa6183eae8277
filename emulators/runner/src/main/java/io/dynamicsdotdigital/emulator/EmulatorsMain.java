package io.dynamicsdotdigital.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the Dataverse and Dotdigital emulators as one process for the quickstart and manual exploration: seeds them,
 * writes the trust store for their self-signed certificate, prints how to reach them, and serves until the JVM is
 * asked to stop (Ctrl-C or SIGTERM).
 */
public final class EmulatorsMain {

    /** Held so the level set on it survives garbage collection of unreferenced JUL loggers. */
    private static final Logger CXF_LOGGER = Logger.getLogger("org.apache.cxf");

    private EmulatorsMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmulatorOptions options;
        try {
            options = EmulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(EmulatorOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(EmulatorOptions.USAGE);
            return;
        }
        // CXF logs each endpoint it publishes at INFO through java.util.logging; only problems matter here.
        CXF_LOGGER.setLevel(Level.WARNING);
        long started = System.nanoTime();
        RunningEmulators emulators;
        try {
            emulators = RunningEmulators.start(options);
        } catch (RuntimeException | Error e) {
            System.err.println("Could not start the emulators (" + options + "): " + e);
            e.printStackTrace();
            System.exit(1);
            return;
        }
        StatsFileWriter stats = options.statsFile == null ? null
                : new StatsFileWriter(emulators, options.statsFile, options.statsIntervalMillis);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stats != null) {
                stats.close();
            }
            emulators.close();
            deleteQuietly(options.infoFile);
            System.out.println("Emulators stopped.");
            stopped.countDown();
        }, "emulators-shutdown"));

        Map<String, String> info = emulators.connectionInfo();
        System.out.print(describe(info, (System.nanoTime() - started) / 1_000_000));
        System.out.flush();
        if (options.infoFile != null) {
            try {
                writeAtomically(options.infoFile, shellAssignments(info));
            } catch (IOException e) {
                System.err.println("Could not write the info file " + options.infoFile + ": " + e.getMessage());
                System.exit(1);
            }
        }
        stopped.await();
    }

    static String describe(Map<String, String> info, long startMillis) {
        return String.join(System.lineSeparator(),
                "Emulators running (started in " + startMillis + " ms). Press Ctrl-C to stop.",
                "",
                "Dataverse (Dynamics 365)",
                "  org URL (dynamics.url):          " + info.get("DATAVERSE_URL"),
                "  Web API:                         " + info.get("DATAVERSE_WEB_API_URL"),
                "  authority (dynamics.authority):  " + info.get("DATAVERSE_AUTHORITY"),
                "  tenant id:                       " + info.get("DATAVERSE_TENANT_ID"),
                "  client id:                       " + info.get("DATAVERSE_CLIENT_ID"),
                "  client secret:                   " + info.get("DATAVERSE_CLIENT_SECRET"),
                "  seeded rows:                     contact=" + info.get("SEEDED_DATAVERSE_CONTACT")
                        + " lead=" + info.get("SEEDED_DATAVERSE_LEAD") + " account=" + info.get("SEEDED_DATAVERSE_ACCOUNT")
                        + " list=" + info.get("SEEDED_DATAVERSE_LIST") + " listmember="
                        + info.get("SEEDED_DATAVERSE_LISTMEMBER") + " campaign=" + info.get("SEEDED_DATAVERSE_CAMPAIGN"),
                "",
                "Dotdigital",
                "  REST (dotdigital.api.endpoint):  " + info.get("DOTDIGITAL_API_ENDPOINT"),
                "  SOAP (dotdigital.soap.url):      " + info.get("DOTDIGITAL_SOAP_URL"),
                "  API user:                        " + info.get("DOTDIGITAL_API_USER"),
                "  API password:                    " + info.get("DOTDIGITAL_API_PASSWORD"),
                "  seeded:                          contacts=" + info.get("SEEDED_DOTDIGITAL_CONTACTS")
                        + " address books=" + info.get("SEEDED_DOTDIGITAL_ADDRESS_BOOKS")
                        + " campaigns=" + info.get("SEEDED_DOTDIGITAL_CAMPAIGNS"),
                "",
                "Trust store (http.truststore.path): " + info.get("TRUSTSTORE_PATH") + " (PKCS12, password "
                        + info.get("TRUSTSTORE_PASSWORD") + ")",
                "Certificate (curl --cacert):        " + info.get("CA_PEM_PATH"),
                "") + System.lineSeparator();
    }

    /** KEY='value' lines a POSIX shell can source; single quotes inside values are escaped. */
    static String shellAssignments(Map<String, String> info) {
        StringBuilder out = new StringBuilder();
        info.forEach((k, v) -> out.append(k).append("='").append(v.replace("'", "'\\''")).append("'\n"));
        return out.toString();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // Shutting down: a stale info file is overwritten by the next start.
        }
    }
}
