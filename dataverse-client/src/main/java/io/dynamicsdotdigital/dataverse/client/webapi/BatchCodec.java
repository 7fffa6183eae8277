package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dataverse.client.WriteResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The multipart/mixed bodies of {@code POST $batch}: one top-level request per write (no change set, so one bad row
 * fails alone), and the answers matched to their requests by Content-ID.
 */
final class BatchCodec {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");
    private static final Pattern CONTENT_ID = Pattern.compile("(?im)^Content-ID:\\s*<?([^>\\s]+)>?\\s*$");

    /** One answer of a batch, with the Content-ID its part carried (null when it carried none). */
    record Answer(String contentId, WriteResult result) {
    }

    private BatchCodec() {
    }

    /** The request body; {@code webApiRoot} makes each request line absolute, as Dataverse's examples do. */
    static byte[] encode(List<WriteRequest> requests, String boundary, String webApiRoot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(requests.size() * 256);
        int id = 0;
        for (WriteRequest op : requests) {
            StringBuilder part = new StringBuilder(256);
            part.append("--").append(boundary).append("\r\n")
                    .append("Content-Type: application/http\r\n")
                    .append("Content-Transfer-Encoding: binary\r\n")
                    .append("Content-ID: ").append(++id).append("\r\n\r\n")
                    .append(op.method()).append(' ').append(webApiRoot).append(op.path()).append(" HTTP/1.1\r\n");
            if (op.updateOnly()) {
                part.append("If-Match: *\r\n");
            }
            if (op.body() != null && !op.method().equals("GET")) {
                part.append("Content-Type: application/json; type=entry\r\n\r\n").append(op.body().toString())
                        .append("\r\n");
            } else {
                part.append("\r\n");
            }
            out.writeBytes(part.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The boundary named by a response's Content-Type. */
    static String boundaryOf(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("the $batch answer has no multipart boundary (Content-Type: "
                    + contentType + ")");
        }
        return m.group(1);
    }

    /**
     * One answer per request, in request order: each answer goes to the request whose Content-ID it carries (OData
     * does not promise the answers come in request order); answers without a Content-ID fill the remaining places
     * in order. Null where no answer came (the service stopped the batch).
     */
    static List<WriteResult> match(List<Answer> answers, int requests) {
        WriteResult[] byRequest = new WriteResult[requests];
        List<WriteResult> unlabelled = new ArrayList<>();
        for (Answer a : answers) {
            int index = indexOf(a.contentId(), requests);
            if (index >= 0 && byRequest[index] == null) {
                byRequest[index] = a.result();
            } else if (a.contentId() == null) {
                unlabelled.add(a.result());
            } else {
                throw new IllegalArgumentException("the $batch answer carries Content-ID " + a.contentId()
                        + ", which names no request of the batch (or names one twice)");
            }
        }
        int next = 0;
        for (int i = 0; i < requests && next < unlabelled.size(); i++) {
            if (byRequest[i] == null) {
                byRequest[i] = unlabelled.get(next++);
            }
        }
        return java.util.Arrays.asList(byRequest);
    }

    private static int indexOf(String contentId, int requests) {
        if (contentId == null) {
            return -1;
        }
        try {
            int id = Integer.parseInt(contentId);
            return id >= 1 && id <= requests ? id - 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The answers, in the order the service wrote them, each with its part's Content-ID. */
    static List<Answer> decode(String body, String boundary) {
        List<Answer> results = new ArrayList<>();
        String delimiter = "--" + boundary;
        // MIME wants CRLF; bare LF is accepted too, as lenient servers and proxies send it.
        for (String part : body.replace("\r\n", "\n").split(Pattern.quote(delimiter))) {
            String p = part.strip();
            if (p.isEmpty() || p.equals("--")) {
                continue;
            }
            int headersEnd = p.indexOf("\n\n");
            String http = headersEnd < 0 ? p : p.substring(headersEnd + 2);
            Matcher id = CONTENT_ID.matcher(headersEnd < 0 ? "" : p.substring(0, headersEnd));
            String contentId = id.find() ? id.group(1) : null;
            String[] lines = http.split("\n", -1);
            Matcher status = STATUS_LINE.matcher(lines[0]);
            if (!status.find()) {
                if (p.toLowerCase(Locale.ROOT).contains("content-type: multipart/mixed")) {
                    throw new IllegalArgumentException("the $batch answer holds a change set, which this writer"
                            + " never sends");
                }
                continue;
            }
            int bodyStart = http.indexOf("\n\n");
            String responseBody = bodyStart < 0 ? "" : http.substring(bodyStart + 2).strip();
            results.add(new Answer(contentId, new WriteResult(Integer.parseInt(status.group(1)), responseBody)));
        }
        return results;
    }
}
