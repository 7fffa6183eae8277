package io.dynamicsdotdigital.emulator.dotdigital;

import io.dynamicsdotdigital.emulator.common.SelfSignedTls;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until killed. Options: {@code --port N} (default 0 = any), {@code --soap-port N},
 * {@code --http} (plain HTTP instead of HTTPS), {@code --region 1|2}, {@code --rate-limit N} (calls a minute),
 * {@code --user U --password P}, {@code --no-seed}, {@code --random-seed N},
 * {@code --trust-store PATH --trust-store-password PW} (writes a PKCS12 trust store with the emulator certificate).
 */
public final class DotdigitalEmulatorMain {
    private DotdigitalEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        DotdigitalEmulator.Builder builder = DotdigitalEmulator.builder();
        DotdigitalSeed seed = DotdigitalSeed.defaults();
        boolean seeded = true;
        boolean https = true;
        String user = "apiuser-demo@apiconnector.com";
        String password = "demo-password";
        String trustStore = null;
        String trustStorePassword = "changeit";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i, a)));
                case "--soap-port" -> builder.soapPort(Integer.parseInt(value(args, ++i, a)));
                case "--http" -> https = false;
                case "--region" -> builder.accountRegion(Integer.parseInt(value(args, ++i, a)));
                case "--rate-limit" -> builder.rateLimitPerMinute(Integer.parseInt(value(args, ++i, a)));
                case "--user" -> user = value(args, ++i, a);
                case "--password" -> password = value(args, ++i, a);
                case "--no-seed" -> seeded = false;
                case "--random-seed" -> seed.randomSeed(Long.parseLong(value(args, ++i, a)));
                case "--trust-store" -> trustStore = value(args, ++i, a);
                case "--trust-store-password" -> trustStorePassword = value(args, ++i, a);
                default -> throw new IllegalArgumentException("Unknown option " + a + " (see the class javadoc)");
            }
        }
        builder.https(https).apiUser(user, password);
        if (seeded) {
            builder.seed(seed);
        }
        DotdigitalEmulator emu = builder.build().start();
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close, "dotdigital-emulator-shutdown"));
        if (trustStore != null && https) {
            SelfSignedTls.shared().writeTrustStore(Path.of(trustStore), trustStorePassword);
            System.out.println("Trust store:      " + Path.of(trustStore).toAbsolutePath());
        }
        System.out.println("REST base URL:    " + emu.baseUrl());
        System.out.println("Account endpoint: " + emu.accountRegionUrl());
        System.out.println("SOAP URL:         " + emu.soapUrl());
        System.out.println("API user:         " + emu.apiUser() + " (password as given with --password)");
        new CountDownLatch(1).await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
