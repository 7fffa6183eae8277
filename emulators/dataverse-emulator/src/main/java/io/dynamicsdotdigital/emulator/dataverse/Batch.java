package io.dynamicsdotdigital.emulator.dataverse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST $batch} with {@code multipart/mixed} bodies: top-level requests run one by one (stopping at the first
 * failure unless {@code Prefer: odata.continue-on-error}); a change set runs all-or-nothing and its requests can refer
 * to earlier ones' results as {@code $<Content-ID>}. At most 1000 requests per batch.
 */
final class Batch {
    static final int MAX_REQUESTS = 1000;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?", Pattern.CASE_INSENSITIVE);

    /** One HTTP request inside the batch. */
    private static final class Operation {
        String contentId;
        String method;
        String url;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];
    }

    /** A top-level part: one operation, or a change set of several. */
    private static final class Part {
        final List<Operation> operations = new ArrayList<>();
        boolean changeSet;
    }

    private final WebApiHandler handler;
    private final WebApiHandler.Request request;

    Batch(WebApiHandler handler, WebApiHandler.Request request) {
        this.handler = handler;
        this.request = request;
    }

    void run() throws IOException {
        String contentType = request.exchange.getRequestHeaders().getFirst("Content-Type");
        String boundary = boundary(contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed") || boundary == null) {
            throw ODataException.badRequest("A $batch request needs Content-Type: multipart/mixed; boundary=...");
        }
        String body = new String(request.exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        List<Part> parts = parse(body, boundary);
        int count = parts.stream().mapToInt(p -> p.operations.size()).sum();
        if (count > MAX_REQUESTS) {
            throw ODataException.badRequest("The number of requests in the batch is " + count
                    + ", which exceeds the limit of " + MAX_REQUESTS + ".");
        }
        boolean continueOnError = false;
        List<String> prefer = request.exchange.getRequestHeaders().get("Prefer");
        if (prefer != null) {
            for (String p : prefer) {
                continueOnError |= p.toLowerCase(Locale.ROOT).contains("odata.continue-on-error");
            }
        }
        String responseBoundary = "batchresponse_" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part part : parts) {
            boolean ok = part.changeSet ? runChangeSet(part, out, responseBoundary) : runSingle(part.operations.get(0), out, responseBoundary);
            if (!ok && !continueOnError) {
                break;
            }
        }
        write(out, "--" + responseBoundary + "--\r\n");
        request.exchange.getResponseHeaders().set("Content-Type", "multipart/mixed; boundary=" + responseBoundary);
        request.exchange.getResponseHeaders().set("OData-Version", "4.0");
        if (continueOnError) {
            request.exchange.getResponseHeaders().set("Preference-Applied", "odata.continue-on-error");
        }
        byte[] bytes = out.toByteArray();
        request.exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream o = request.exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    private boolean runSingle(Operation op, ByteArrayOutputStream out, String boundary) throws IOException {
        BatchExchange result = execute(op, Map.of());
        write(out, "--" + boundary + "\r\n");
        writeResponse(out, op, result);
        return result.status() < 400;
    }

    private boolean runChangeSet(Part part, ByteArrayOutputStream out, String boundary) throws IOException {
        List<Runnable> undo = new ArrayList<>();
        List<BatchExchange> results = new ArrayList<>();
        Map<String, String> references = new HashMap<>();
        EmulatedTable.UNDO.set(undo);
        BatchExchange failed = null;
        Operation failedOp = null;
        try {
            for (Operation op : part.operations) {
                BatchExchange result = execute(op, references);
                if (result.status() >= 400) {
                    failed = result;
                    failedOp = op;
                    break;
                }
                results.add(result);
                String entityId = result.getResponseHeaders().getFirst("OData-EntityId");
                if (op.contentId != null && entityId != null) {
                    references.put(op.contentId, entityId);
                }
            }
        } finally {
            EmulatedTable.UNDO.remove();
        }
        write(out, "--" + boundary + "\r\n");
        if (failed != null) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
            writeResponse(out, failedOp, failed);
            return false;
        }
        String changeSetBoundary = "changesetresponse_" + UUID.randomUUID();
        write(out, "Content-Type: multipart/mixed; boundary=" + changeSetBoundary + "\r\n\r\n");
        for (int i = 0; i < results.size(); i++) {
            write(out, "--" + changeSetBoundary + "\r\n");
            writeResponse(out, part.operations.get(i), results.get(i));
        }
        write(out, "--" + changeSetBoundary + "--\r\n");
        return true;
    }

    private BatchExchange execute(Operation op, Map<String, String> references) throws IOException {
        String url = op.url;
        if (url.startsWith("$")) {
            int end = 1;
            while (end < url.length() && Character.isLetterOrDigit(url.charAt(end))) {
                end++;
            }
            String target = references.get(url.substring(1, end));
            if (target != null) {
                url = target + url.substring(end);
            }
        }
        String pathAndQuery;
        if (url.startsWith("http://") || url.startsWith("https://")) {
            URI absolute = URI.create(url);
            pathAndQuery = absolute.getRawPath() + (absolute.getRawQuery() != null ? "?" + absolute.getRawQuery() : "");
        } else if (url.startsWith("/")) {
            pathAndQuery = url;
        } else {
            pathAndQuery = "/api/data/" + request.version + "/" + url;
        }
        byte[] body = op.body;
        if (!references.isEmpty() && body.length > 0) {
            // "$1" as a whole JSON string (an @odata.bind target) means the entity change-set request 1 created.
            String text = new String(body, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> ref : references.entrySet()) {
                text = text.replace("\"$" + ref.getKey() + "\"", "\"" + ref.getValue() + "\"");
            }
            body = text.getBytes(StandardCharsets.UTF_8);
        }
        BatchExchange exchange;
        try {
            exchange = new BatchExchange(request.exchange, op.method, URI.create(pathAndQuery), op.headers, body);
        } catch (IllegalArgumentException e) {
            exchange = new BatchExchange(request.exchange, "GET", URI.create("/invalid"), Map.of(), new byte[0]);
            JsonOut.error(exchange, 400, ODataException.QUERY_ERROR, "Invalid URL in batch: " + op.url, Map.of());
            return exchange;
        }
        handler.dispatch(exchange);
        return exchange;
    }

    private static void writeResponse(ByteArrayOutputStream out, Operation op, BatchExchange result) throws IOException {
        write(out, "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (op.contentId != null) {
            write(out, "Content-ID: " + op.contentId + "\r\n");
        }
        write(out, "\r\nHTTP/1.1 " + result.status() + " " + reason(result.status()) + "\r\n");
        for (Map.Entry<String, List<String>> h : result.getResponseHeaders().entrySet()) {
            for (String v : h.getValue()) {
                write(out, h.getKey() + ": " + v + "\r\n");
            }
        }
        write(out, "\r\n");
        out.write(result.responseBody());
        write(out, "\r\n");
    }

    private static String reason(int status) {
        switch (status) {
            case 200:
                return "OK";
            case 201:
                return "Created";
            case 204:
                return "No Content";
            case 304:
                return "Not Modified";
            case 400:
                return "Bad Request";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 412:
                return "Precondition Failed";
            default:
                return "Status " + status;
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static List<Part> parse(String body, String boundary) {
        List<Part> parts = new ArrayList<>();
        for (String raw : split(body, boundary)) {
            String[] headAndBody = splitHead(raw);
            Map<String, String> headers = headers(headAndBody[0]);
            String type = headers.getOrDefault("content-type", "");
            Part part = new Part();
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                part.changeSet = true;
                String inner = boundary(type);
                if (inner == null) {
                    throw ODataException.badRequest("A change set needs a boundary.");
                }
                for (String op : split(headAndBody[1], inner)) {
                    part.operations.add(operation(op));
                }
                if (part.operations.isEmpty()) {
                    continue;
                }
            } else {
                part.operations.add(operation(raw));
            }
            parts.add(part);
        }
        return parts;
    }

    /** The parts between {@code --boundary} lines, up to {@code --boundary--}. */
    private static List<String> split(String body, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = body.indexOf(delimiter);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (body.startsWith("--", start)) {
                break;
            }
            int next = body.indexOf(delimiter, start);
            if (next < 0) {
                throw ODataException.badRequest("The batch body is missing its closing boundary --" + boundary + "--.");
            }
            parts.add(stripLineBreaks(body.substring(start, next)));
            at = next;
        }
        return parts;
    }

    private static String stripLineBreaks(String s) {
        int b = 0;
        while (b < s.length() && (s.charAt(b) == '\r' || s.charAt(b) == '\n')) {
            b++;
        }
        int e = s.length();
        while (e > b && (s.charAt(e - 1) == '\r' || s.charAt(e - 1) == '\n')) {
            e--;
        }
        return s.substring(b, e);
    }

    private static String[] splitHead(String part) {
        Matcher m = Pattern.compile("\\r?\\n\\r?\\n").matcher(part);
        if (!m.find()) {
            return new String[] {part, ""};
        }
        return new String[] {part.substring(0, m.start()), part.substring(m.end())};
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\\r?\\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** An {@code application/http} part: MIME headers, blank line, request line, headers, blank line, body. */
    private static Operation operation(String raw) {
        String[] mime = splitHead(raw);
        Map<String, String> mimeHeaders = headers(mime[0]);
        Operation op = new Operation();
        op.contentId = mimeHeaders.get("content-id");
        String[] http = splitHead(mime[1]);
        String[] lines = http[0].split("\\r?\\n");
        String[] requestLine = lines[0].trim().split(" ");
        if (requestLine.length < 2) {
            throw ODataException.badRequest("Bad request line in batch: '" + lines[0] + "'.");
        }
        op.method = requestLine[0].toUpperCase(Locale.ROOT);
        op.url = requestLine[1];
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                op.headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        op.body = http[1].getBytes(StandardCharsets.UTF_8);
        return op;
    }
}
