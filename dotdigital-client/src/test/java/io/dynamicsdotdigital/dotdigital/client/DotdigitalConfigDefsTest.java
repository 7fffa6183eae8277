package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class DotdigitalConfigDefsTest {
    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void settingsFromConfigHideThePassword() {
        ConfigDef def = DotdigitalConfigDefs.add(new ConfigDef());
        assertEquals(ConfigDef.Type.PASSWORD, def.configKeys().get(DotdigitalConfigDefs.API_PASSWORD).type);
        AbstractConfig config = new AbstractConfig(def, Map.of(DotdigitalConfigDefs.API_USER, "apiuser@example.com",
                DotdigitalConfigDefs.API_PASSWORD, SECRET, DotdigitalConfigDefs.TRANSPORT, "SOAP"));
        DotdigitalClientSettings s = DotdigitalConfigDefs.settings(config);
        assertEquals(DotdigitalTransport.SOAP, s.transport());
        assertTrue(s.discoversEndpoint());
        assertEquals(DotdigitalClientSettings.DEFAULT_DISCOVERY_URL, s.discoveryUrl());
        assertEquals(SECRET, s.apiPassword().value());
        assertFalse(s.toString().contains(SECRET), s.toString());
        assertEquals("https://r2-api.dotdigital.com/v2/Api.svc", s.soapUrlFor("https://r2-api.dotdigital.com/"));
    }

    @Test
    void invalidTransportAndUrlAreRejectedByName() {
        ConfigDef def = DotdigitalConfigDefs.add(new ConfigDef());
        ConfigException bad = assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of(
                DotdigitalConfigDefs.API_USER, "u", DotdigitalConfigDefs.API_PASSWORD, "p",
                DotdigitalConfigDefs.TRANSPORT, "grpc")));
        assertTrue(bad.getMessage().contains(DotdigitalConfigDefs.TRANSPORT), bad.getMessage());
        ConfigException url = assertThrows(ConfigException.class, () -> new AbstractConfig(def, Map.of(
                DotdigitalConfigDefs.API_USER, "u", DotdigitalConfigDefs.API_PASSWORD, "p",
                DotdigitalConfigDefs.API_ENDPOINT, "r1-api.dotdigital.com")));
        assertTrue(url.getMessage().contains(DotdigitalConfigDefs.API_ENDPOINT), url.getMessage());
    }
}
