package io.dynamicsdotdigital.dataverse.client.webapi;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.connect.errors.ConnectException;

/** The answer to {@code GET entitySet(id)}: one entity as a map, or none when the service answers 404. */
final class SingleRow {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private SingleRow() {
    }

    static Optional<Map<String, Object>> read(Supplier<byte[]> call, String what) {
        byte[] body;
        try {
            body = call.get();
        } catch (DataverseApiException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            return Optional.of(JSON.readValue(body, MAP));
        } catch (IOException e) {
            throw new ConnectException("Dataverse " + what + " answered with a body that is not a JSON object: "
                    + e.getMessage(), e);
        }
    }
}
