package io.dynamicsdotdigital.emulator.dataverse;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application user's security role, as far as tests need it: every privilege is granted unless revoked. A
 * request without its table privilege ({@code prvRead<SchemaName>} for GET, {@code prvCreate} for POST,
 * {@code prvWrite} for PATCH, {@code prvDelete} for DELETE; a list-member removal needs {@code prvWriteList})
 * answers 403 with the service's message naming the privilege.
 */
final class Privileges {
    static final String MISSING_PRIVILEGE_CODE = "0x80040220";
    /** What a list-member association or disassociation ({@code lists(id)/list*_association/$ref}) needs here. */
    static final String LIST_MEMBERS = "prvWriteList";
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();

    void revoke(String privilege) {
        revoked.add(privilege.toLowerCase(Locale.ROOT));
    }

    void grantAll() {
        revoked.clear();
    }

    /** The privilege a request on a table needs: prvRead, prvCreate, prvWrite or prvDelete plus its schema name. */
    static String needed(String method, String logicalName) {
        String verb = switch (method) {
            case "POST" -> "Create";
            case "PATCH", "PUT" -> "Write";
            case "DELETE" -> "Delete";
            default -> "Read";
        };
        return named(verb, logicalName);
    }

    /** prv + the access (Read, Create, Write, Delete, Append, AppendTo) + the table's schema name. */
    static String named(String access, String logicalName) {
        return "prv" + access + MetadataHandler.schemaName(logicalName);
    }

    void require(String privilege, String logicalName, String userId) {
        if (revoked.contains(privilege.toLowerCase(Locale.ROOT))) {
            throw new ODataException(403, MISSING_PRIVILEGE_CODE, "Principal user (Id=" + userId + ", type=8,"
                    + " roleCount=1, privilegeCount=0, accessMode=4), is missing " + privilege + " privilege (Id="
                    + "00000000-0000-0000-0000-000000000000) on OTC=0 for entity '" + logicalName + "'.", Map.of());
        }
    }
}
