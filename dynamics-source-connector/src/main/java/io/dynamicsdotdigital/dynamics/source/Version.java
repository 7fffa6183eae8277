package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.common.PluginVersion;

/** The plugin version, written into a resource by the build. */
public final class Version {
    private static final String VERSION = PluginVersion.read(Version.class, "/dynamics-source-connector-version.properties");

    private Version() {
    }

    public static String get() {
        return VERSION;
    }
}
