package io.dynamicsdotdigital.dynamics.sink.link;

import java.util.Arrays;
import java.util.List;

/** A CRM table rows can be linked to, with the names the Web API addresses it by. */
public enum LinkEntity {
    CONTACT("contact", "contacts", "contactid", "listcontact_association"),
    LEAD("lead", "leads", "leadid", "listlead_association"),
    ACCOUNT("account", "accounts", "accountid", "listaccount_association");

    private final String logicalName;
    private final String entitySet;
    private final String idColumn;
    private final String listAssociation;

    LinkEntity(String logicalName, String entitySet, String idColumn, String listAssociation) {
        this.logicalName = logicalName;
        this.entitySet = entitySet;
        this.idColumn = idColumn;
        this.listAssociation = listAssociation;
    }

    public String logicalName() {
        return logicalName;
    }

    public String entitySet() {
        return entitySet;
    }

    public String idColumn() {
        return idColumn;
    }

    /** The navigation property of {@code list} that holds this table's members. */
    public String listAssociation() {
        return listAssociation;
    }

    /** The privilege reading it takes, e.g. prvReadContact. */
    public String readPrivilege() {
        return "prvRead" + Character.toUpperCase(logicalName.charAt(0)) + logicalName.substring(1);
    }

    /** The entity of a logical name, or null. */
    public static LinkEntity byName(String name) {
        for (LinkEntity e : values()) {
            if (e.logicalName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return e;
            }
        }
        return null;
    }

    static List<String> names() {
        return Arrays.stream(values()).map(LinkEntity::logicalName).toList();
    }
}
