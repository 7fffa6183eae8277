package io.dynamicsdotdigital.dotdigital.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.dotdigital.client.model.AddressBook;
import io.dynamicsdotdigital.dotdigital.client.rest.RestDotdigitalClient;
import io.dynamicsdotdigital.dotdigital.client.soap.SoapDotdigitalClient;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalEmulator;
import io.dynamicsdotdigital.emulator.dotdigital.DotdigitalSeed;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An account in region 2: r1 answers only account-info, which points at r2. */
class RegionDiscoveryTest {
    @TempDir
    static Path dir;
    static DotdigitalEmulator emu;
    static HttpSettings http;

    @BeforeAll
    static void start() {
        emu = DotdigitalEmulator.builder().port(0).https(true).accountRegion(2)
                .seed(DotdigitalSeed.empty().contacts(5).addressBooks(2)).build().start();
        http = EmulatorSupport.httpSettings(dir);
    }

    @AfterAll
    static void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    private static DotdigitalClientSettings discovering(DotdigitalTransport transport, String soapUrl) {
        return new DotdigitalClientSettings(emu.apiUser(), new Password(emu.apiPassword()), "", emu.baseUrl(),
                transport, soapUrl);
    }

    @Test
    void restClientDiscoversTheRegionalEndpoint() {
        try (DotdigitalClient client = DotdigitalClients.create(discovering(DotdigitalTransport.REST, ""), http,
                EmulatorSupport.fastRetries(), null)) {
            String r2 = emu.accountRegionUrl().replaceAll("/+$", "");
            assertTrue(!r2.equals(emu.baseUrl()), "the emulator runs r2 on its own port");
            assertEquals(r2, ((RestDotdigitalClient) client).baseUrl());
            assertEquals(emu.state().addressBooks().stream().map(b -> (long) b.id()).collect(Collectors.toSet()),
                    client.addressBooks().stream().map(AddressBook::id).collect(Collectors.toSet()));
        }
    }

    @Test
    void soapClientDiscoversTooAndUsesRestForWhatSoapLacks() {
        try (DotdigitalClient client = DotdigitalClients.create(discovering(DotdigitalTransport.SOAP, emu.soapUrl()),
                http, EmulatorSupport.fastRetries(), null)) {
            assertTrue(client instanceof SoapDotdigitalClient);
            assertEquals(2, client.addressBooks().size());
            assertEquals(0, client.surveysWithActivitySince(java.time.Instant.EPOCH, 10, 0).size());
        }
    }

    @Test
    void aFixedEndpointInTheWrongRegionFailsWithAHint() {
        try (DotdigitalClient client = DotdigitalClients.create(DotdigitalClientSettings.rest(emu.apiUser(),
                new Password(emu.apiPassword()), emu.baseUrl()), http, EmulatorSupport.fastRetries(), null)) {
            DotdigitalApiException e = assertThrows(DotdigitalApiException.class, client::addressBooks);
            assertEquals(403, e.statusCode());
            assertTrue(e.getMessage().contains(DotdigitalConfigDefs.API_ENDPOINT), e.getMessage());
        }
    }

    @Test
    void plainHttpIsRefusedUnlessAllowed() {
        DotdigitalClientSettings plain = DotdigitalClientSettings.rest(emu.apiUser(), new Password(emu.apiPassword()),
                emu.baseUrl().replace("https://", "http://"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> DotdigitalClients.create(plain, http, EmulatorSupport.fastRetries(), null));
        assertTrue(e.getMessage().contains(DotdigitalConfigDefs.API_ENDPOINT), e.getMessage());
    }
}
