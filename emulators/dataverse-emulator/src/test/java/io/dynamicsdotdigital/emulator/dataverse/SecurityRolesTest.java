package io.dynamicsdotdigital.emulator.dataverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped security roles (docs/security-roles/*.json) list exactly the privileges of their tables in
 * docs/security.md (rows marked optional aside), and the write-back role holds every privilege this emulator demands
 * for the write-back's requests, so the docs, the files and the emulator's checks cannot drift apart.
 */
class SecurityRolesTest {
    private static final Path DOCS = Path.of("..", "..", "docs");
    private static final Pattern TABLE = Pattern.compile("`([a-z_]+)`");

    /** prv + Verb + schema name for every table and access of the section's table rows. */
    static Set<String> documented(String section) throws IOException {
        String text = Files.readString(DOCS.resolve("security.md"));
        int from = text.indexOf(section);
        assertTrue(from >= 0, "docs/security.md has no section " + section);
        int to = text.indexOf("\n###", from + 1);
        Set<String> out = new TreeSet<>();
        for (String line : text.substring(from, to < 0 ? text.length() : to).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.substring(1).split("\\|");
            if (cells[2].trim().startsWith("optional")) {
                continue;
            }
            Matcher tables = TABLE.matcher(cells[0]);
            while (tables.find()) {
                for (String access : cells[1].split(",")) {
                    out.add(Privileges.named(access.trim().replace(" ", ""), tables.group(1)));
                }
            }
        }
        assertTrue(!out.isEmpty(), "no table rows under " + section);
        return out;
    }

    static Set<String> shipped(String file) throws IOException {
        JsonNode role = new ObjectMapper().readTree(DOCS.resolve("security-roles").resolve(file).toFile());
        Set<String> out = new TreeSet<>();
        for (JsonNode p : role.get("privileges")) {
            String name = p.get("privilege").asText();
            assertEquals(Privileges.named(p.get("access").asText().replace(" ", ""), p.get("table").asText()), name,
                    file + ": the name does not match its table and access");
            assertTrue(out.add(name), file + " lists " + name + " twice");
        }
        return out;
    }

    @Test
    void theRoleFilesListExactlyTheDocumentedPrivileges() throws IOException {
        assertEquals(documented("### Dynamics source"), shipped("dynamics-source.json"));
        assertEquals(documented("### Dynamics sink, write-back"), shipped("dynamics-sink-writeback.json"));
    }

    @Test
    void theWriteBackRoleHoldsEveryPrivilegeTheEmulatorChecksForTheWriteBack() throws IOException {
        Set<String> role = shipped("dynamics-sink-writeback.json");
        List<String> demanded = new ArrayList<>();
        for (TableDefinition t : WriteBackTables.all()) {
            for (String method : List.of("GET", "POST", "PATCH")) {
                demanded.add(Privileges.needed(method, t.logicalName()));
            }
        }
        for (String linked : List.of("contact", "lead")) {
            demanded.add(Privileges.needed("GET", linked));
            demanded.add(Privileges.needed("PATCH", linked));
        }
        demanded.add(Privileges.LIST_MEMBERS);
        demanded.add(Privileges.needed("GET", "esc_emailsend"));
        List<String> missing = demanded.stream().filter(p -> !role.contains(p)).toList();
        assertTrue(missing.isEmpty(), "the write-back role lacks " + missing);
        Set<String> source = shipped("dynamics-source.json");
        assertTrue(source.stream().allMatch(p -> p.startsWith("prvRead")), "the source only reads: " + source);
    }
}
