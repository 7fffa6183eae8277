package io.dynamicsdotdigital.emulator.dataverse;

/**
 * The Dynamics version the emulator plays. 9.x (online, or on premises 9.0/9.1) serves Web API v8.0 to v9.2 with
 * change tracking; 8.x (Dynamics 365 8.x, Dynamics CRM 2016) serves v8.0 to v8.2 and, as Microsoft documents change
 * tracking through the Web API from 9.0 only, ignores {@code Prefer: odata.track-changes}: no deltaLink, no
 * {@code Preference-Applied} for it.
 */
public enum ServerVersion {
    V8_2(8),
    V9(9);

    private final int major;

    ServerVersion(int major) {
        this.major = major;
    }

    /** Whether {@code /api/data/<version>/} exists, e.g. {@code v8.2}. */
    boolean serves(String version) {
        return Integer.parseInt(version.substring(1, version.indexOf('.'))) <= major;
    }

    String apiPaths() {
        return major >= 9 ? "/api/data/v8.0/ to /api/data/v9.2/" : "/api/data/v8.0/, /api/data/v8.1/ and /api/data/v8.2/";
    }

    boolean webApiChangeTracking() {
        return major >= 9;
    }
}
