package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The seed is deterministic and realistic; no HTTP needed, so the emulators are built but never started. */
class SeedDataTest {
    private static final Pattern EMAIL = Pattern.compile("^[a-z0-9]+(\\.[a-z0-9]+)*@[a-z0-9]+(\\.[a-z0-9]+)+$");

    private static DataverseEmulator seeded(long seed) {
        DataverseEmulator emu = DataverseEmulator.builder()
                .seed(DataverseSeed.defaults().contacts(3000).leads(400).accounts(100).marketingLists(4).campaigns(5).randomSeed(seed))
                .build();
        new SeedGenerator(emu, seed).generate(DataverseSeed.defaults().contacts(3000).leads(400).accounts(100)
                .marketingLists(4).campaigns(5));
        return emu;
    }

    private static List<Map<String, Object>> rows(DataverseEmulator emu, String table) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String id : emu.table(table).ids()) {
            rows.add(emu.table(table).get(id));
        }
        return rows;
    }

    @Test
    void sameSeedSameData() {
        DataverseEmulator a = seeded(42);
        DataverseEmulator b = seeded(42);
        DataverseEmulator c = seeded(43);
        for (String table : List.of("contact", "lead", "account", "list", "listmember", "campaign")) {
            assertEquals(rows(a, table), rows(b, table), table);
        }
        assertNotEquals(rows(a, "contact"), rows(c, "contact"));
        assertEquals(a.clientSecret(), b.clientSecret());
        assertEquals(a.tenantId(), b.tenantId());
    }

    @Test
    void contactsAreRealistic() {
        DataverseEmulator emu = seeded(7);
        List<Map<String, Object>> contacts = rows(emu, "contact");
        assertEquals(3000, contacts.size());
        Set<String> emails = new HashSet<>();
        Map<Instant, Integer> perSecond = new HashMap<>();
        int bulkOptOut = 0;
        int withParent = 0;
        for (Map<String, Object> c : contacts) {
            String email = (String) c.get("emailaddress1");
            assertTrue(EMAIL.matcher(email).matches(), email);
            assertTrue(emails.add(email.toLowerCase()), "duplicate " + email);
            assertEquals(c.get("firstname") + " " + c.get("lastname"), c.get("fullname"));
            assertNotNull(c.get("createdon"));
            assertFalse(((Instant) c.get("modifiedon")).isBefore((Instant) c.get("createdon")));
            perSecond.merge((Instant) c.get("modifiedon"), 1, Integer::sum);
            bulkOptOut += Boolean.TRUE.equals(c.get("donotbulkemail")) ? 1 : 0;
            withParent += c.get("_parentcustomerid_value") != null ? 1 : 0;
            assertTrue(c.get("statecode") instanceof Integer);
            assertTrue(c.get("versionnumber") instanceof Long);
            assertTrue(c.containsKey("annualincome") && c.containsKey("gendercode") && c.containsKey("esc_engagementscore"));
        }
        assertTrue(perSecond.values().stream().anyMatch(n -> n >= 20), "bulk imports share modifiedon seconds");
        assertTrue(bulkOptOut > 0 && bulkOptOut < contacts.size() / 4, "some contacts opted out: " + bulkOptOut);
        assertTrue(withParent > contacts.size() / 2);
        Set<String> accountIds = new HashSet<>(emu.table("account").ids());
        contacts.stream().map(c -> (String) c.get("_parentcustomerid_value")).filter(p -> p != null)
                .forEach(p -> assertTrue(accountIds.contains(p)));
    }

    @Test
    void marketingListsHaveMembersMatchingTheirType() {
        DataverseEmulator emu = seeded(11);
        List<Map<String, Object>> lists = rows(emu, "list");
        assertEquals(4, lists.size());
        List<Map<String, Object>> members = rows(emu, "listmember");
        for (Map<String, Object> list : lists) {
            int createdFrom = (Integer) list.get("createdfromcode");
            assertTrue(Set.of(1, 2, 4).contains(createdFrom));
            String entity = createdFrom == 1 ? "account" : createdFrom == 2 ? "contact" : "lead";
            long count = members.stream().filter(m -> m.get("_listid_value").equals(list.get("listid"))).peek(m -> {
                assertEquals(entity, m.get("entitytype"));
                assertTrue(emu.table(entity).exists((String) m.get("_entityid_value")));
            }).count();
            assertEquals(((Integer) list.get("membercount")).longValue(), count);
            if ((Boolean) list.get("type")) {
                assertTrue(((String) list.get("query")).startsWith("<fetch"));
            } else {
                assertTrue(count > 0);
            }
        }
        assertEquals(5, emu.table("campaign").count());
        assertTrue(emu.table("contact").definition().changeTracking());
        assertTrue(emu.table("listmember").definition().changeTracking());
        assertFalse(emu.table("campaign").definition().changeTracking());
    }
}
