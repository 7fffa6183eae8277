package io.dynamicsdotdigital.dynamics.source;

import io.dynamicsdotdigital.dataverse.client.AttributeInfo;
import io.dynamicsdotdigital.dataverse.client.EntityMetadata;
import java.util.List;

/** Hand-written metadata for unit tests, shaped like the contact table. */
public final class TestMetadata {
    private TestMetadata() {
    }

    public static EntityMetadata contact() {
        return new EntityMetadata("contact", "contacts", "contactid", true, List.of(
                new AttributeInfo("contactid", "Uniqueidentifier", null),
                new AttributeInfo("fullname", "String", null),
                new AttributeInfo("description", "Memo", null),
                new AttributeInfo("donotemail", "Boolean", null),
                new AttributeInfo("gendercode", "Picklist", null),
                new AttributeInfo("statecode", "State", null),
                new AttributeInfo("numberofchildren", "Integer", null),
                new AttributeInfo("address1_latitude", "Double", null),
                new AttributeInfo("annualincome", "Money", 2),
                new AttributeInfo("esc_engagementscore", "Decimal", 4),
                new AttributeInfo("birthdate", "DateTime", null),
                new AttributeInfo("parentcustomerid", "Customer", null),
                new AttributeInfo("ownerid", "Owner", null),
                new AttributeInfo("entityimage", "Virtual", null),
                new AttributeInfo("createdon", "DateTime", null),
                new AttributeInfo("modifiedon", "DateTime", null),
                new AttributeInfo("versionnumber", "BigInt", null)));
    }

    public static EntityMetadata listMember() {
        return new EntityMetadata("listmember", "listmembers", "listmemberid", true, List.of(
                new AttributeInfo("listmemberid", "Uniqueidentifier", null),
                new AttributeInfo("listid", "Lookup", null),
                new AttributeInfo("entityid", "Lookup", null),
                new AttributeInfo("entitytype", "EntityName", null),
                new AttributeInfo("createdon", "DateTime", null),
                new AttributeInfo("modifiedon", "DateTime", null),
                new AttributeInfo("versionnumber", "BigInt", null)));
    }
}
