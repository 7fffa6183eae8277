package io.dynamicsdotdigital.emulator.dataverse;

import static io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition.of;
import static io.dynamicsdotdigital.emulator.dataverse.AttributeDefinition.withPrecision;

import java.util.List;

/** The standard tables the emulator starts with (a representative subset of their real attributes). */
final class StandardTables {
    private StandardTables() {
    }

    static List<TableDefinition> all() {
        return List.of(contact(), lead(), account(), list(), listMember(), campaign());
    }

    static TableDefinition contact() {
        return TableDefinition.of("contact", "contacts", "contactid", "fullname", true, List.of(
                of("firstname", AttributeType.String),
                of("lastname", AttributeType.String),
                of("fullname", AttributeType.String),
                of("emailaddress1", AttributeType.String),
                of("jobtitle", AttributeType.String),
                of("telephone1", AttributeType.String),
                of("address1_city", AttributeType.String),
                of("address1_country", AttributeType.String),
                of("address1_latitude", AttributeType.Double),
                of("donotbulkemail", AttributeType.Boolean),
                of("donotemail", AttributeType.Boolean),
                of("gendercode", AttributeType.Picklist),
                of("preferredcontactmethodcode", AttributeType.Picklist),
                of("numberofchildren", AttributeType.Integer),
                withPrecision("annualincome", AttributeType.Money, 2),
                withPrecision("esc_engagementscore", AttributeType.Decimal, 4),
                of("birthdate", AttributeType.DateTime),
                of("description", AttributeType.Memo),
                of("parentcustomerid", AttributeType.Customer),
                of("ownerid", AttributeType.Owner),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status),
                // An image column: Virtual, never a row value (clients must skip it).
                of("entityimage", AttributeType.Virtual)));
    }

    static TableDefinition lead() {
        return TableDefinition.of("lead", "leads", "leadid", "fullname", true, List.of(
                of("firstname", AttributeType.String),
                of("lastname", AttributeType.String),
                of("fullname", AttributeType.String),
                of("emailaddress1", AttributeType.String),
                of("companyname", AttributeType.String),
                of("subject", AttributeType.String),
                of("donotbulkemail", AttributeType.Boolean),
                of("donotemail", AttributeType.Boolean),
                of("leadqualitycode", AttributeType.Picklist),
                withPrecision("revenue", AttributeType.Money, 2),
                of("parentaccountid", AttributeType.Lookup),
                of("ownerid", AttributeType.Owner),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status)));
    }

    static TableDefinition account() {
        return TableDefinition.of("account", "accounts", "accountid", "name", true, List.of(
                of("name", AttributeType.String),
                of("emailaddress1", AttributeType.String),
                of("telephone1", AttributeType.String),
                of("address1_city", AttributeType.String),
                of("donotbulkemail", AttributeType.Boolean),
                of("industrycode", AttributeType.Picklist),
                of("numberofemployees", AttributeType.Integer),
                withPrecision("revenue", AttributeType.Money, 2),
                of("primarycontactid", AttributeType.Lookup),
                of("ownerid", AttributeType.Owner),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status)));
    }

    static TableDefinition list() {
        return TableDefinition.of("list", "lists", "listid", "listname", false, List.of(
                of("listname", AttributeType.String),
                of("createdfromcode", AttributeType.Picklist),
                of("type", AttributeType.Boolean),
                of("query", AttributeType.Memo),
                of("membercount", AttributeType.Integer),
                of("purpose", AttributeType.Memo),
                of("description", AttributeType.Memo),
                of("lockstatus", AttributeType.Boolean),
                of("ownerid", AttributeType.Owner),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status)));
    }

    static TableDefinition listMember() {
        return TableDefinition.of("listmember", "listmembers", "listmemberid", null, true, List.of(
                of("listid", AttributeType.Lookup),
                of("entityid", AttributeType.Lookup),
                of("entitytype", AttributeType.EntityName)));
    }

    static TableDefinition campaign() {
        return TableDefinition.of("campaign", "campaigns", "campaignid", "name", false, List.of(
                of("name", AttributeType.String),
                of("codename", AttributeType.String),
                of("description", AttributeType.Memo),
                of("typecode", AttributeType.Picklist),
                withPrecision("budgetedcost", AttributeType.Money, 2),
                of("proposedstart", AttributeType.DateTime),
                of("proposedend", AttributeType.DateTime),
                of("ownerid", AttributeType.Owner),
                of("statecode", AttributeType.State),
                of("statuscode", AttributeType.Status)));
    }
}
