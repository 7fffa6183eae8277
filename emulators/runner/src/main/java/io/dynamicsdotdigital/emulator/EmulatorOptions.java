package io.dynamicsdotdigital.emulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The command line of {@link EmulatorsMain}, parsed and checked; every problem names the option at fault. */
final class EmulatorOptions {
    /** System property naming the state directory when --state-dir is not given. */
    static final String STATE_DIR_PROPERTY = "emulators.state.dir";
    /** Relative to the working directory, so a run from the repository root writes into its git-ignored .emulators/. */
    static final Path DEFAULT_STATE_DIR = Path.of(".emulators");
    static final String TRUST_STORE_FILE = "emulators-truststore.p12";

    int dataversePort = 8081;
    int dotdigitalPort = 8082;
    boolean https = true;
    int contacts = 10_000;
    int leads = 2_000;
    int accounts = 500;
    int marketingLists = 4;
    int dynamicsCampaigns = 5;
    int dotdigitalContacts = 2_000;
    int addressBooks = 3;
    int dotdigitalCampaigns = 5;
    int activitiesPerCampaign = 1_000;
    int unsubscribes = 50;
    int suppressions = 20;
    /** Dataverse contacts that carry the email of a seeded Dotdigital contact; -1: half of the smaller seed. */
    int sharedContacts = -1;
    long randomSeed = 42;
    Path stateDir = stateDirFromProperty();
    /** Set by --truststore; otherwise the trust store goes to {@link #trustStorePath()} in the state directory. */
    Path trustStore;
    String trustStorePassword = "changeit";
    Path infoFile;

    /** How many Dataverse contacts share an email with a seeded Dotdigital contact. */
    int sharedContacts() {
        int most = Math.min(contacts, dotdigitalContacts);
        return sharedContacts < 0 ? most / 2 : Math.min(sharedContacts, most);
    }
    Path statsFile;
    long statsIntervalMillis = 2_000;
    boolean help;

    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar emulators.jar [options]",
            "Starts the Dataverse and Dotdigital emulators with seeded data and serves until stopped (Ctrl-C).",
            "",
            "  --dataverse-port N            Dataverse Web API + token endpoint port (default 8081, 0 = any free port)",
            "  --dotdigital-port N           Dotdigital REST port (default 8082, 0 = any free port; SOAP gets its own)",
            "  --http                        plain HTTP for the APIs (the Dataverse token endpoint stays HTTPS)",
            "  --seed-contacts N             Dataverse contacts (default 10000)",
            "  --seed-leads N                Dataverse leads (default 2000)",
            "  --seed-accounts N             Dataverse accounts (default 500)",
            "  --seed-lists N                Dataverse marketing lists (default 4)",
            "  --seed-campaigns N            Dataverse campaigns and Dotdigital campaigns with activity (default 5)",
            "  --seed-dotdigital-contacts N  contacts already in Dotdigital (default 2000)",
            "  --seed-address-books N        Dotdigital address books (default 3)",
            "  --seed-activities N           activity rows per Dotdigital campaign (default 1000)",
            "  --seed-unsubscribes N         Dotdigital unsubscribes (default 50)",
            "  --seed-suppressions N         Dotdigital suppressions (default 20)",
            "  --seed-shared-contacts N      Dataverse contacts given a seeded Dotdigital contact's email, so tracking",
            "                                data links to CRM records (default half of the smaller contact seed)",
            "  --random-seed N               seed of the data generators (default 42)",
            "  --state-dir DIR               where the emulators write their files (default .emulators, or the",
            "                                system property " + STATE_DIR_PROPERTY + "), created if missing",
            "  --truststore PATH             where to write the PKCS12 trust store (default",
            "                                <state-dir>/" + TRUST_STORE_FILE + "); the certificate also goes",
            "                                next to it as PEM (x.p12 -> x.pem)",
            "  --truststore-password S       its password (default changeit)",
            "  --info-file PATH              also write the URLs, credentials and seeded counts there (KEY='value')",
            "  --stats-file PATH             rewrite request counts and row counts there every 2 s",
            "  --help                        this text");

    static EmulatorOptions parse(String... args) {
        EmulatorOptions o = new EmulatorOptions();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            switch (option) {
                case "--help", "-h" -> o.help = true;
                case "--http" -> o.https = false;
                case "--dataverse-port" -> o.dataversePort = port(option, value(option, rest));
                case "--dotdigital-port" -> o.dotdigitalPort = port(option, value(option, rest));
                case "--seed-contacts" -> o.contacts = count(option, value(option, rest));
                case "--seed-leads" -> o.leads = count(option, value(option, rest));
                case "--seed-accounts" -> o.accounts = count(option, value(option, rest));
                case "--seed-lists" -> o.marketingLists = count(option, value(option, rest));
                case "--seed-campaigns" -> {
                    o.dynamicsCampaigns = count(option, value(option, rest));
                    o.dotdigitalCampaigns = o.dynamicsCampaigns;
                }
                case "--seed-dotdigital-contacts" -> o.dotdigitalContacts = count(option, value(option, rest));
                case "--seed-shared-contacts" -> o.sharedContacts = count(option, value(option, rest));
                case "--seed-address-books" -> o.addressBooks = count(option, value(option, rest));
                case "--seed-activities" -> o.activitiesPerCampaign = count(option, value(option, rest));
                case "--seed-unsubscribes" -> o.unsubscribes = count(option, value(option, rest));
                case "--seed-suppressions" -> o.suppressions = count(option, value(option, rest));
                case "--random-seed" -> o.randomSeed = number(option, value(option, rest));
                case "--state-dir" -> o.stateDir = Path.of(value(option, rest));
                case "--truststore" -> o.trustStore = Path.of(value(option, rest));
                case "--truststore-password" -> o.trustStorePassword = value(option, rest);
                case "--info-file" -> o.infoFile = Path.of(value(option, rest));
                case "--stats-file" -> o.statsFile = Path.of(value(option, rest));
                default -> throw new IllegalArgumentException("Unknown option '" + option + "'");
            }
        }
        if (o.trustStorePassword.isEmpty()) {
            throw new IllegalArgumentException("--truststore-password must not be empty");
        }
        if (o.dataversePort != 0 && o.dataversePort == o.dotdigitalPort) {
            throw new IllegalArgumentException("--dataverse-port and --dotdigital-port must differ, both were "
                    + o.dataversePort);
        }
        return o;
    }

    private static String value(String option, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException("Option " + option + " needs a value");
        }
        return rest.remove(0);
    }

    private static long number(String option, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + option + " needs a whole number, got '" + text + "'");
        }
    }

    private static int count(String option, String text) {
        long n = number(option, text);
        if (n < 0 || n > 10_000_000) {
            throw new IllegalArgumentException("Option " + option + " must be between 0 and 10000000, got " + n);
        }
        return (int) n;
    }

    private static int port(String option, String text) {
        long n = number(option, text);
        if (n < 0 || n > 65_535) {
            throw new IllegalArgumentException("Option " + option + " must be a port between 0 and 65535, got " + n);
        }
        return (int) n;
    }

    private static Path stateDirFromProperty() {
        String configured = System.getProperty(STATE_DIR_PROPERTY);
        return configured == null || configured.isBlank() ? DEFAULT_STATE_DIR : Path.of(configured.trim());
    }

    /** The PKCS12 trust store to write: --truststore, else {@value #TRUST_STORE_FILE} in the state directory. */
    Path trustStorePath() {
        return trustStore != null ? trustStore : stateDir.resolve(TRUST_STORE_FILE);
    }

    String scheme() {
        return https ? "https" : "http";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "dataverse-port=%d dotdigital-port=%d %s", dataversePort, dotdigitalPort,
                scheme());
    }
}
