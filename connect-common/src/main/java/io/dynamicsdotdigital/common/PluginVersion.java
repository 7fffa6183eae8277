package io.dynamicsdotdigital.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads a plugin's version from the properties resource the build filters ({@code version=${project.version}}). */
public final class PluginVersion {
    public static final String UNKNOWN = "unknown";

    private PluginVersion() {
    }

    /**
     * @param anchor   a class of the plugin, whose class loader holds the resource
     * @param resource absolute resource path, for example {@code /dotdigital-sink-connector-version.properties}
     */
    public static String read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", UNKNOWN).trim();
            // An unfiltered resource (built outside the connect-plugin profile) still has the placeholder.
            return v.isEmpty() || v.startsWith("${") ? UNKNOWN : v;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
