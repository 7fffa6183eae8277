package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dynamicsdotdigital.common.auth.BearerTokenAuthProvider;
import io.dynamicsdotdigital.common.http.ApiHttpClient;
import io.dynamicsdotdigital.common.http.HttpSettings;
import io.dynamicsdotdigital.common.http.ResilienceSettings;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dataverse.client.RequestGate;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import java.net.URI;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** A link that leaves the configured Web API root is never sent, so the bearer token never reaches another host. */
class WebApiDataverseClientFollowTest {
    static final RowReader NO_ROWS = new RowReader() {
        @Override
        public void beginRow() {
        }

        @Override
        public boolean column(String name, JsonToken token, JsonParser parser) {
            return false;
        }

        @Override
        public boolean annotation(String name, JsonParser parser) {
            return false;
        }

        @Override
        public void endRow() {
        }

        @Override
        public void deleted(String id, String reason) {
        }
    };

    @Test
    void aLinkToAnotherHostIsRefusedBeforeAnyRequest() {
        ApiHttpClient http = new ApiHttpClient("Dataverse", HttpSettings.builder().build(),
                ResilienceSettings.defaults().withMaxAttempts(1), new BearerTokenAuthProvider(new Password("t")),
                "follow-test", null);
        WebApiDataverseClient client = new WebApiDataverseClient(http,
                URI.create("https://org.crm.dynamics.com/api/data/v9.2/"), 10, new RequestGate(1), 1000);
        ConnectException e = assertThrows(ConnectException.class, () -> client.readPage(new PageQuery.Follow(
                "contacts", "https://attacker.invalid/api/data/v9.2/contacts?$deltatoken=1", Paging.TRACK_CHANGES),
                NO_ROWS, "delta read of contacts"));
        assertTrue(e.getMessage().contains("refusing to follow") && e.getMessage().contains("attacker.invalid"),
                e.getMessage());
    }
}
