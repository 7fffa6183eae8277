package io.dynamicsdotdigital.dynamics.source.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dynamics.source.TestMetadata;
import java.util.List;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Timestamp;
import org.junit.jupiter.api.Test;

class SchemaMapperTest {
    private final SchemaMapper mapper = new SchemaMapper("dynamics");

    @Test
    void mapsEveryAttributeTypeAsTheNotesSay() {
        TableSchema s = mapper.build(TestMetadata.contact(), List.of(), false, 1);
        Schema v = s.valueSchema();
        assertEquals("dynamics.contact.Value", v.name());
        assertEquals(Schema.Type.STRING, v.field("contactid").schema().type());
        assertEquals(Schema.Type.STRING, v.field("description").schema().type());
        assertEquals(Schema.Type.BOOLEAN, v.field("donotemail").schema().type());
        assertEquals(Schema.Type.INT32, v.field("gendercode").schema().type());
        assertEquals(Schema.Type.INT32, v.field("statecode").schema().type());
        assertEquals(Schema.Type.FLOAT64, v.field("address1_latitude").schema().type());
        assertEquals(Decimal.LOGICAL_NAME, v.field("annualincome").schema().name());
        assertEquals("2", v.field("annualincome").schema().parameters().get(Decimal.SCALE_FIELD));
        assertEquals("4", v.field("esc_engagementscore").schema().parameters().get(Decimal.SCALE_FIELD));
        assertEquals(Timestamp.LOGICAL_NAME, v.field("birthdate").schema().name());
        assertEquals(Schema.Type.INT64, v.field("versionnumber").schema().type());
        assertEquals(Schema.Type.STRING, v.field("_parentcustomerid_value").schema().type());
        assertEquals(Schema.Type.STRING, v.field("_ownerid_value").schema().type());
        assertNull(v.field("parentcustomerid"));
        assertNull(v.field("entityimage"), "Virtual columns have no value");
        assertTrue(v.fields().stream().allMatch(f -> f.schema().isOptional()), "every value field is optional");
        assertEquals(List.of("contactid"), s.keyColumns());
        assertEquals("dynamics.contact.Key", s.keySchema().name());
        assertTrue(s.select().contains("_parentcustomerid_value"));
    }

    @Test
    void chosenColumnsAlwaysIncludeIdAndWatermarkColumns() {
        TableSchema s = mapper.build(TestMetadata.contact(), List.of("fullname"), false, 1);
        assertEquals(List.of("contactid", "fullname", "modifiedon", "versionnumber"),
                s.valueSchema().fields().stream().map(f -> f.name()).toList());
    }

    @Test
    void optionSetLabelsAddAStringField() {
        TableSchema s = mapper.build(TestMetadata.contact(), List.of("gendercode"), true, 1);
        assertEquals(Schema.Type.STRING, s.valueSchema().field("gendercode_label").schema().type());
        assertEquals("gendercode_label",
                s.labelFields().get("gendercode@OData.Community.Display.V1.FormattedValue").name());
    }

    @Test
    void listMembersAreKeyedByListAndMember() {
        TableSchema s = mapper.build(TestMetadata.listMember(), List.of(), false, 1);
        assertEquals(List.of("_listid_value", "_entityid_value"), s.keyColumns());
        assertEquals(2, s.keySchema().fields().size());
    }

    @Test
    void unknownOrUnreadableColumnsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> mapper.build(TestMetadata.contact(), List.of("nosuchcolumn"), false, 1));
        assertTrue(e.getMessage().contains("nosuchcolumn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> mapper.build(TestMetadata.contact(), List.of("entityimage"), false, 1));
        assertTrue(e.getMessage().contains("Virtual"), e.getMessage());
    }
}
