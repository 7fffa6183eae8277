package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchCodecTest {
    @Test
    void encodesOneTopLevelRequestPerWriteWithAbsoluteUrls() {
        String body = new String(BatchCodec.encode(List.of(
                WriteRequest.of("PATCH", "esc_things(esc_key='a')",
                        JsonNodeFactory.instance.objectNode().put("esc_name", "x")),
                WriteRequest.of("DELETE", "esc_things(esc_key='b')", null)), "batch_1",
                "https://org.crm.dynamics.com/api/data/v9.2/"), StandardCharsets.UTF_8);
        assertTrue(body.startsWith("--batch_1\r\nContent-Type: application/http\r\n"), body);
        assertTrue(body.contains("PATCH https://org.crm.dynamics.com/api/data/v9.2/esc_things(esc_key='a') HTTP/1.1\r\n"
                + "Content-Type: application/json; type=entry\r\n\r\n{\"esc_name\":\"x\"}\r\n"), body);
        assertTrue(body.contains("DELETE https://org.crm.dynamics.com/api/data/v9.2/esc_things(esc_key='b') HTTP/1.1"),
                body);
        assertTrue(body.endsWith("--batch_1--\r\n"));
        assertEquals(2, body.split("Content-ID: ").length - 1);
    }

    @Test
    void decodesEachAnswerInOrderWithItsStatusAndBody() {
        String answer = "--batchresponse_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nOData-Version: 4.0\r\n\r\n\r\n"
                + "--batchresponse_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n"
                + "{\"error\":{\"code\":\"0x0\",\"message\":\"bad value\"}}\r\n"
                + "--batchresponse_x--\r\n";
        List<WriteResult> results = BatchCodec.match(BatchCodec.decode(answer,
                BatchCodec.boundaryOf("multipart/mixed; boundary=batchresponse_x")), 2);
        assertEquals(2, results.size());
        assertEquals(204, results.get(0).status());
        assertTrue(results.get(0).ok());
        assertEquals(400, results.get(1).status());
        assertTrue(results.get(1).body().contains("bad value"));
    }

    @Test
    void acceptsBareLineFeedsAndAStatusWithoutBody() {
        String answer = "--b\nContent-Type: application/http\n\nHTTP/1.1 201 Created\nLocation: x\n\n{\"id\":1}\n"
                + "--b\nContent-Type: application/http\n\nHTTP/1.1 429 Too Many Requests\nRetry-After: 1\n\n\n--b--\n";
        List<WriteResult> results = BatchCodec.match(BatchCodec.decode(answer, "b"), 2);
        assertEquals(2, results.size());
        assertEquals(201, results.get(0).status());
        assertEquals("{\"id\":1}", results.get(0).body());
        assertEquals(429, results.get(1).status());
        assertEquals("", results.get(1).body());
    }

    @Test
    void updatesOfMatchedRowsNeverCreateRows() {
        String body = new String(BatchCodec.encode(List.of(new WriteRequest("PATCH",
                "contacts(00000000-0000-0000-0000-000000000001)",
                JsonNodeFactory.instance.objectNode().put("donotbulkemail", true), true)), "b", "https://o/"),
                StandardCharsets.UTF_8);
        assertTrue(body.contains("PATCH https://o/contacts(00000000-0000-0000-0000-000000000001) HTTP/1.1\r\n"
                + "If-Match: *\r\n"), body);
    }

    @Test
    void answersAreMatchedToRequestsByContentIdNotPosition() {
        String answer = "--b\r\nContent-Type: application/http\r\nContent-ID: 3\r\n\r\nHTTP/1.1 404 Not Found\r\n\r\n"
                + "{\"error\":{\"message\":\"third\"}}\r\n"
                + "--b\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n"
                + "--b--\r\n";
        List<WriteResult> results = BatchCodec.match(BatchCodec.decode(answer, "b"), 3);
        assertEquals(3, results.size());
        assertEquals(204, results.get(0).status());
        assertEquals(null, results.get(1), "the second request got no answer");
        assertEquals(404, results.get(2).status());
        assertTrue(results.get(2).body().contains("third"));
    }
}
