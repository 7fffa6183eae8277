package io.dynamicsdotdigital.dynamics.source.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.webapi.PageParser;
import io.dynamicsdotdigital.dynamics.source.TestMetadata;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/** Pages streamed by the client's parser into Structs by {@link RowConverter}. */
class RowConverterTest {
    private final TableSchema contact = new SchemaMapper("dynamics").build(TestMetadata.contact(), List.of(), true, 1);

    private static final class Collector implements RowHandler {
        final List<Struct> rows = new ArrayList<>();
        final List<String> deletes = new ArrayList<>();

        @Override
        public void row(Struct value) {
            rows.add(value);
        }

        @Override
        public void deleted(String id, String reason) {
            deletes.add(id + "/" + reason);
        }

        @Override
        public void skipped(String id, String reason) {
            skips.add(id + ": " + reason);
        }

        final List<String> skips = new ArrayList<>();
    }

    private PageResult parse(String json, Collector c) throws IOException {
        return PageParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                contact.entitySetName(), new RowConverter(contact, c));
    }

    @Test
    void convertsEveryKindOfValueAndReadsTheNextLink() throws IOException {
        String page = "{\"@odata.context\":\"https://org/api/data/v9.2/$metadata#contacts\",\"value\":["
                + "{\"@odata.etag\":\"W/\\\"72201545\\\"\",\"contactid\":\"a1\",\"fullname\":\"O'Brien, Ann\","
                + "\"donotemail\":true,\"gendercode\":2,\"gendercode@OData.Community.Display.V1.FormattedValue\":\"Female\","
                + "\"statecode\":0,\"numberofchildren\":null,\"address1_latitude\":51.5,"
                + "\"annualincome\":1234.5,\"esc_engagementscore\":0.1235,\"birthdate\":\"1980-02-29T00:00:00Z\","
                + "\"_parentcustomerid_value\":\"p1\",\"_ownerid_value\":\"o1\","
                + "\"modifiedon\":\"2023-04-07T21:59:01Z\",\"versionnumber\":72201545,"
                + "\"_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname\":\"account\"}"
                + "],\"@odata.nextLink\":\"https://org/api/data/v9.2/contacts?$skiptoken=abc\"}";
        Collector c = new Collector();
        PageResult r = parse(page, c);
        assertEquals(1, r.items());
        assertEquals("https://org/api/data/v9.2/contacts?$skiptoken=abc", r.nextLink());
        assertNull(r.deltaLink());
        assertEquals(Set.of(), r.unknownColumns());
        Struct row = c.rows.get(0);
        assertEquals("a1", row.get("contactid"));
        assertEquals("O'Brien, Ann", row.get("fullname"));
        assertEquals(true, row.get("donotemail"));
        assertEquals(2, row.get("gendercode"));
        assertEquals("Female", row.get("gendercode_label"));
        assertNull(row.get("numberofchildren"));
        assertEquals(51.5, row.get("address1_latitude"));
        assertEquals(new BigDecimal("1234.50"), row.get("annualincome"));
        assertEquals(new BigDecimal("0.1235"), row.get("esc_engagementscore"));
        assertEquals(Date.from(Instant.parse("1980-02-29T00:00:00Z")), row.get("birthdate"));
        assertEquals(Date.from(Instant.parse("2023-04-07T21:59:01Z")), row.get("modifiedon"));
        assertEquals(72201545L, row.get("versionnumber"));
        assertEquals("p1", row.get("_parentcustomerid_value"));
    }

    @Test
    void readsDeletesAndTheDeltaLink() throws IOException {
        String page = "{\"value\":[{\"@odata.context\":\"https://org/api/data/v9.2/$metadata#contacts/$deletedEntity\","
                + "\"id\":\"d1\",\"reason\":\"deleted\"},{\"contactid\":\"a2\",\"versionnumber\":5}],"
                + "\"@odata.deltaLink\":\"https://org/api/data/v9.2/contacts?$deltatoken=9\"}";
        Collector c = new Collector();
        PageResult r = parse(page, c);
        assertEquals(2, r.items());
        assertEquals(List.of("d1/deleted"), c.deletes);
        assertEquals("a2", c.rows.get(0).get("contactid"));
        assertEquals("https://org/api/data/v9.2/contacts?$deltatoken=9", r.deltaLink());
    }

    @Test
    void reportsColumnsTheSchemaLacks() throws IOException {
        Collector c = new Collector();
        PageResult r = parse("{\"value\":[{\"contactid\":\"a\",\"esc_newscore\":{\"nested\":[1,2]},\"x\":1}]}", c);
        assertEquals(Set.of("esc_newscore", "x"), r.unknownColumns());
        assertEquals("a", c.rows.get(0).get("contactid"));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheColumn() {
        ConnectException e = assertThrows(ConnectException.class,
                () -> parse("{\"value\":[{\"contactid\":\"a\",\"birthdate\":\"yesterday\"}]}", new Collector()));
        assertTrue(e.getMessage().contains("birthdate"), e.getMessage());
        assertTrue(e.getMessage().contains("contact"), e.getMessage());
    }

    @Test
    void anEmptyLastPageIsFine() throws IOException {
        PageResult r = parse("{\"@odata.context\":\"x\",\"value\":[]}", new Collector());
        assertEquals(0, r.items());
        assertNull(r.nextLink());
    }

    @Test
    void anUnreadableValueNamesThePageTheRowAndTheColumn() {
        ConnectException e = assertThrows(ConnectException.class, () -> parse("{\"value\":[{\"contactid\":\"c-1\","
                + "\"numberofchildren\":\"many\",\"fullname\":\"x\"}]}", new Collector()));
        assertTrue(e.getMessage().contains("page of contacts"), e.getMessage());
        assertTrue(e.getMessage().contains("row c-1"), e.getMessage());
        assertTrue(e.getMessage().contains("numberofchildren") && e.getMessage().contains("many"), e.getMessage());
        assertTrue(e.getMessage().contains("unreadable.row.action=skip"), e.getMessage());
    }

    @Test
    void withSkipARowWithAnUnreadableValueIsLeftOutAndReported() throws IOException {
        Collector c = new Collector();
        PageResult r = PageParser.parse(new ByteArrayInputStream(("{\"value\":["
                + "{\"birthdate\":\"yesterday\",\"contactid\":\"bad\"},"
                + "{\"contactid\":\"good\",\"birthdate\":\"1980-02-29T00:00:00Z\"}]}").getBytes(StandardCharsets.UTF_8)),
                "contacts", new RowConverter(contact, c, "snapshot page of contacts", true));
        assertEquals(2, r.items());
        assertEquals(List.of("good"), c.rows.stream().map(row -> row.get("contactid")).toList());
        assertEquals(1, c.skips.size());
        assertTrue(c.skips.get(0).startsWith("bad: column birthdate") && c.skips.get(0).contains("yesterday"),
                c.skips.get(0));
    }
}
