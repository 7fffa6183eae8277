package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A revoked privilege makes the requests that need it answer 403 with the service's message naming it. */
class PrivilegesContractTest {
    static DataverseEmulator emu;
    static WebApiClient api;

    @BeforeAll
    static void start() {
        emu = DataverseEmulator.builder().seed(DataverseSeed.empty().contacts(1).leads(1).marketingLists(1)).build()
                .start();
        api = new WebApiClient(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void aRevokedPrivilegeIsNamedInThe403() {
        emu.revokePrivilege("prvReadLead").revokePrivilege("prvWriteContact").revokePrivilege("prvWriteList");
        try {
            WebApiClient.Answer read = api.get("leads?$select=fullname");
            assertEquals(403, read.status());
            assertEquals("0x80040220", read.json().get("error").get("code").asText());
            assertTrue(read.json().get("error").get("message").asText().contains("is missing prvReadLead privilege"),
                    read::toString);
            assertEquals(200, api.get("contacts?$select=fullname").status(), "reading contacts is still granted");
            String contact = emu.table("contact").ids().get(0);
            WebApiClient.Answer write = api.send(api.request("contacts(" + contact + ")")
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"donotbulkemail\":true}")).build());
            assertEquals(403, write.status());
            assertTrue(write.toString().contains("prvWriteContact"), write::toString);
            String list = emu.table("list").ids().get(0);
            WebApiClient.Answer removal = api.send(api.request("lists(" + list + ")/listcontact_association("
                    + contact + ")/$ref").DELETE().build());
            assertEquals(403, removal.status());
        } finally {
            emu.grantAllPrivileges();
        }
        assertEquals(200, api.get("leads?$select=fullname").status());
    }
}
