package io.dynamicsdotdigital.dotdigital.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin version, written into a resource by the build. */
public final class Version {
    private static final String RESOURCE = "/dotdigital-source-connector-version.properties";
    private static final String VERSION = load();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").trim();
            // Unfiltered (IDE) builds leave the placeholder in place.
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
