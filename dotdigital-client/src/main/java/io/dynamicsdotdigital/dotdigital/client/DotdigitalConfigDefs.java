package io.dynamicsdotdigital.dotdigital.client;

import io.dynamicsdotdigital.common.config.Validators;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

/** The {@code dotdigital.*} settings both Dotdigital connectors share. */
public final class DotdigitalConfigDefs {
    public static final String GROUP = "Dotdigital";
    public static final String API_USER = "dotdigital.api.user";
    public static final String API_PASSWORD = "dotdigital.api.password";
    public static final String API_ENDPOINT = "dotdigital.api.endpoint";
    public static final String DISCOVERY_URL = "dotdigital.discovery.url";
    public static final String TRANSPORT = "dotdigital.transport";
    public static final String SOAP_URL = "dotdigital.soap.url";

    private DotdigitalConfigDefs() {
    }

    public static ConfigDef add(ConfigDef def) {
        int order = 0;
        Validators.EnumValidator transports = Validators.oneOf("rest", "soap");
        return def
                .define(API_USER, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        Importance.HIGH, "Dotdigital API user name (email-shaped, created under Access > API users).",
                        GROUP, ++order, Width.MEDIUM, "API user")
                .define(API_PASSWORD, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Password of the API user.", GROUP, ++order, Width.MEDIUM, "API password")
                .define(API_ENDPOINT, Type.STRING, "", Validators.httpUrl(true), Importance.MEDIUM,
                        "Regional API base URL, for example https://r2-api.dotdigital.com. Empty to discover it"
                                + " from the account's ApiEndpoint property (GET /v2/account-info on the discovery"
                                + " URL) when the client starts.",
                        GROUP, ++order, Width.LONG, "API endpoint")
                .define(DISCOVERY_URL, Type.STRING, DotdigitalClientSettings.DEFAULT_DISCOVERY_URL,
                        Validators.httpUrl(false), Importance.LOW,
                        "Where the regional endpoint is discovered when " + API_ENDPOINT + " is empty.",
                        GROUP, ++order, Width.LONG, "Discovery URL")
                .define(TRANSPORT, Type.STRING, "rest", transports, Importance.LOW,
                        "rest (v2 and v3 REST, the default) or soap (the deprecated v2 SOAP API through Apache"
                                + " CXF; calls the SOAP API lacks, such as the v3 import, go over REST).",
                        GROUP, ++order, Width.SHORT, "Transport", transports)
                .define(SOAP_URL, Type.STRING, "", Validators.httpUrl(true), Importance.LOW,
                        "SOAP service URL. Empty for <endpoint>" + DotdigitalClientSettings.SOAP_PATH + ".",
                        GROUP, ++order, Width.LONG, "SOAP URL");
    }

    public static DotdigitalClientSettings settings(AbstractConfig config) {
        Password password = config.getPassword(API_PASSWORD);
        return new DotdigitalClientSettings(config.getString(API_USER).trim(),
                password == null ? new Password("") : password,
                config.getString(API_ENDPOINT), config.getString(DISCOVERY_URL),
                DotdigitalTransport.parse(config.getString(TRANSPORT)), config.getString(SOAP_URL));
    }
}
