package io.dynamicsdotdigital.dotdigital.client.soap;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageUtils;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;

/**
 * Turns a non-SOAP HTTP error answer (429, 503, 401...) into a {@link HttpStatusFailure} that keeps the response
 * headers, so Retry-After and X-RateLimit-Reset can be honoured. CXF's own HTTPException drops the headers, so the
 * conduit is told not to throw it ({@link #NO_IO_EXCEPTIONS}) and this interceptor reads the answer instead.
 * HTTP 500 is left alone: that is how SOAP faults arrive.
 */
final class HttpStatusInterceptor extends AbstractPhaseInterceptor<Message> {
    static final String NO_IO_EXCEPTIONS = "org.apache.cxf.transport.no_io_exceptions";

    HttpStatusInterceptor() {
        super(Phase.RECEIVE);
    }

    @Override
    public void handleMessage(Message message) {
        if (!MessageUtils.isRequestor(message)) {
            return;
        }
        Object code = message.get(Message.RESPONSE_CODE);
        if (!(code instanceof Integer status) || status < 400 || status == 500) {
            return;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Object raw = message.get(Message.PROTOCOL_HEADERS);
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k != null && v instanceof List<?> values) {
                    headers.put(k.toString(), values.stream().map(String::valueOf).toList());
                }
            });
        }
        throw new Fault(new HttpStatusFailure(status, headers));
    }

    /** An HTTP error status with its headers. */
    static final class HttpStatusFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final transient Map<String, List<String>> headers;

        HttpStatusFailure(int status, Map<String, List<String>> headers) {
            super("HTTP " + status, null, false, false);
            this.status = status;
            this.headers = Map.copyOf(headers);
        }

        int status() {
            return status;
        }

        Map<String, List<String>> headers() {
            return headers;
        }
    }
}
