package io.dynamicsdotdigital.dotdigital.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.dynamicsdotdigital.dotdigital.client.model.Contact;
import io.dynamicsdotdigital.dotdigital.client.model.ContactImport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the bodies of bulk imports: the v3 JSON (streamed, imports may hold tens of thousands of contacts) and the
 * v2 CSV. Callers size their batches with {@link #v3BodyBytes} or {@link #csvBytes} against
 * {@link #MAX_IMPORT_BODY_BYTES}.
 */
public final class ImportBodies {
    /** Dotdigital refuses import bodies above 50 MB. */
    public static final long MAX_IMPORT_BODY_BYTES = 50L * 1024 * 1024;
    private static final JsonFactory JSON = new JsonFactory();

    private ImportBodies() {
    }

    /** The exact size in bytes of the v3 import body for this request. */
    public static long v3BodyBytes(ContactImport request) {
        CountingStream counter = new CountingStream();
        writeV3Body(request, counter);
        return counter.count;
    }

    /**
     * The v3 size of one contact as part of an import (its JSON plus the separating comma), for callers that fill a
     * batch incrementally.
     */
    public static long v3ContactBytes(Contact contact, Long addressBookId) {
        CountingStream counter = new CountingStream();
        try (JsonGenerator g = JSON.createGenerator(counter, JsonEncoding.UTF8)) {
            writeV3Contact(g, contact, addressBookId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count + 1;
    }

    /** {@code {"mergeOption":..., "contacts":[{matchIdentifier, identifiers, dataFields, channelProperties, lists}]}}. */
    public static byte[] v3Body(ContactImport request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, request.contacts().size() * 160));
        writeV3Body(request, out);
        return out.toByteArray();
    }

    public static void writeV3Body(ContactImport request, OutputStream out) {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("mergeOption", request.mergeOption().v3Name());
            g.writeArrayFieldStart("contacts");
            for (Contact c : request.contacts()) {
                writeV3Contact(g, c, request.addressBookId());
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeV3Contact(JsonGenerator g, Contact c, Long addressBookId) throws IOException {
        g.writeStartObject();
        g.writeStringField("matchIdentifier", "email");
        g.writeObjectFieldStart("identifiers");
        g.writeStringField("email", c.email());
        g.writeEndObject();
        if (!c.dataFields().isEmpty()) {
            g.writeObjectFieldStart("dataFields");
            for (Map.Entry<String, String> f : c.dataFields().entrySet()) {
                if (f.getValue() == null) {
                    g.writeNullField(f.getKey());
                } else {
                    g.writeStringField(f.getKey(), f.getValue());
                }
            }
            g.writeEndObject();
        }
        if (c.optInType() != null || c.emailType() != null || c.status() != null) {
            g.writeObjectFieldStart("channelProperties");
            g.writeObjectFieldStart("email");
            if (c.emailType() != null) {
                g.writeStringField("emailType", lowerFirst(c.emailType()));
            }
            if (c.optInType() != null) {
                g.writeStringField("optInType", lowerFirst(c.optInType()));
            }
            if (c.status() != null) {
                g.writeStringField("status", c.status().toLowerCase(Locale.ROOT));
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        if (addressBookId != null) {
            g.writeArrayFieldStart("lists");
            g.writeNumber(addressBookId);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** v3 spells enum values camelCase (plainText, verifiedDouble); v2 PascalCase. */
    private static String lowerFirst(String v) {
        return v.isEmpty() ? v : Character.toLowerCase(v.charAt(0)) + v.substring(1);
    }

    /** The CSV columns: {@code Email}, then every data field any contact has, in order of first appearance. */
    public static List<String> csvColumns(List<Contact> contacts) {
        Set<String> names = new LinkedHashSet<>();
        for (Contact c : contacts) {
            names.addAll(c.dataFields().keySet());
        }
        List<String> columns = new ArrayList<>(names.size() + 1);
        columns.add("Email");
        columns.addAll(names);
        return columns;
    }

    /** RFC 4180 CSV, CRLF line ends, UTF-8: header {@code Email,<data field>...}, one row per contact. */
    public static byte[] csv(List<Contact> contacts) {
        List<String> columns = csvColumns(contacts);
        StringBuilder sb = new StringBuilder(contacts.size() * 64);
        appendRow(sb, columns);
        List<String> row = new ArrayList<>(columns.size());
        for (Contact c : contacts) {
            row.clear();
            row.add(c.email());
            for (int i = 1; i < columns.size(); i++) {
                row.add(c.dataFields().get(columns.get(i)));
            }
            appendRow(sb, row);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The CSV size, and the base64 JSON envelope's size is about 4/3 of it. */
    public static long csvBytes(List<Contact> contacts) {
        return csv(contacts).length;
    }

    private static void appendRow(StringBuilder sb, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            appendCsvValue(sb, values.get(i));
        }
        sb.append("\r\n");
    }

    static void appendCsvValue(StringBuilder sb, String value) {
        if (value == null) {
            return;
        }
        boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || (!value.isEmpty()
                && (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))));
        if (!quote) {
            sb.append(value);
            return;
        }
        sb.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
