package io.dynamicsdotdigital.dotdigital.sink;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin version, written into a resource by the build. */
public final class Version {
    private static final String RESOURCE = "/dotdigital-sink-connector-version.properties";
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
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", "unknown").trim();
            // An unfiltered resource (built outside the connect-plugin profile) still has the placeholder.
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
