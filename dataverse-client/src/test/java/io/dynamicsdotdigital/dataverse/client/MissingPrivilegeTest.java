package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MissingPrivilegeTest {
    @Test
    void readsThePrivilegeTheServiceNames() {
        String message = "Principal user (Id=9c1e4f2a-0000-0000-0000-000000000001, type=8, roleCount=1,"
                + " privilegeCount=0, accessMode=4), is missing prvReadLead privilege"
                + " (Id=00000000-0000-0000-0000-000000000000) on OTC=4 for entity 'lead'.";
        assertEquals(Optional.of("prvReadLead"), MissingPrivilege.in(message));
        assertTrue(MissingPrivilege.hint(message, "x").contains("lacks prvReadLead"));
    }

    @Test
    void fallsBackToThePrivilegeTheRequestNeeds() {
        assertEquals(Optional.empty(), MissingPrivilege.in("Forbidden"));
        assertEquals(Optional.empty(), MissingPrivilege.in(null));
        assertTrue(MissingPrivilege.hint("Forbidden", "prvWriteContact").contains("probably lacks prvWriteContact"));
    }
}
