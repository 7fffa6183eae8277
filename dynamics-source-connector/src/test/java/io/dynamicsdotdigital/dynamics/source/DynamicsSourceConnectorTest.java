package io.dynamicsdotdigital.dynamics.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dynamicsdotdigital.dynamics.source.lists.OffsetListMembershipStore;
import io.dynamicsdotdigital.dynamics.source.offsets.TablePartitions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;

class DynamicsSourceConnectorTest {
    private static Map<String, String> minimal() {
        Map<String, String> p = new HashMap<>();
        p.put("name", "dyn");
        p.put("dynamics.url", "https://contoso.crm4.dynamics.com");
        p.put("dynamics.tenant.id", "tenant");
        p.put("dynamics.client.id", "client");
        p.put("dynamics.client.secret", "secret");
        return p;
    }

    @Test
    void versionComesFromTheBuild() {
        assertFalse(new DynamicsSourceConnector().version().isBlank());
        assertFalse(new DynamicsSourceConnector().version().contains("${"));
    }

    @Test
    void supportsExactlyOnceAndPageTransactions() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        assertEquals(ExactlyOnceSupport.SUPPORTED, c.exactlyOnceSupport(minimal()));
        assertEquals(ConnectorTransactionBoundaries.UNSUPPORTED, c.canDefineTransactionBoundaries(minimal()));
    }

    @Test
    void tablesAreSpreadOverTasks() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        c.start(minimal());
        List<Map<String, String>> tasks = c.taskConfigs(2);
        assertEquals(2, tasks.size());
        assertEquals("contact,lead,account", tasks.get(0).get(DynamicsSourceConnector.TASK_TABLES));
        assertEquals("campaign,list,listmember", tasks.get(1).get(DynamicsSourceConnector.TASK_TABLES));
        assertEquals(6, c.taskConfigs(10).size(), "never more tasks than tables");
    }

    @Test
    void alterOffsetsAcceptsGoodShapesAndResets() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(TablePartitions.of("contact"), Map.of("phase", "delta", "deltaLink",
                "https://contoso.crm4.dynamics.com/api/data/v9.2/contacts?$deltatoken=1"));
        offsets.put(TablePartitions.of("lead"), null);
        assertTrue(c.alterOffsets(minimal(), offsets));
    }

    @Test
    void alterOffsetsAcceptsDynamicListMembershipsAndTheirResetButNotGarbage() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(OffsetListMembershipStore.partitionOf("0b0e2f6a-0000-0000-0000-000000000001"), null);
        offsets.put(OffsetListMembershipStore.partitionOf("0b0e2f6a-0000-0000-0000-000000000002"),
                Map.of("members", "", "count", 0L));
        assertTrue(c.alterOffsets(minimal(), offsets));
        ConnectException e = assertThrows(ConnectException.class, () -> c.alterOffsets(minimal(), Map.of(
                OffsetListMembershipStore.partitionOf("x"), Map.of("members", 5))));
        assertTrue(e.getMessage().contains("dynamic list") && e.getMessage().contains("members"), e.getMessage());
    }

    @Test
    void alterOffsetsRefusesLinksOutsideTheWebApiRoot() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        for (String link : List.of("https://attacker.example/api/data/v9.2/contacts?$deltatoken=1",
                "https://contoso.crm4.dynamics.com:8443/api/data/v9.2/contacts?$deltatoken=1",
                "https://contoso.crm4.dynamics.com/api/data/v9.1/contacts?$deltatoken=1",
                "https://contoso.crm4.dynamics.com/api/data/v9.2/../../other?$deltatoken=1")) {
            ConnectException e = assertThrows(ConnectException.class, () -> c.alterOffsets(minimal(),
                    Map.of(TablePartitions.of("contact"), Map.of("phase", "delta", "deltaLink", link))), link);
            assertTrue(e.getMessage().contains("contact") && e.getMessage().contains("Web API root"),
                    e.getMessage());
        }
        ConnectException e = assertThrows(ConnectException.class, () -> c.alterOffsets(minimal(),
                Map.of(TablePartitions.of("contact"), Map.of("phase", "snapshot", "nextLink",
                        "https://attacker.example/api/data/v9.2/contacts?$skiptoken=1"))));
        assertTrue(e.getMessage().contains("nextLink"), e.getMessage());
    }

    @Test
    void alterOffsetsRefusesBadShapesNamingTheTable() {
        DynamicsSourceConnector c = new DynamicsSourceConnector();
        ConnectException e = assertThrows(ConnectException.class, () -> c.alterOffsets(minimal(),
                Map.of(TablePartitions.of("contact"), Map.of("phase", "delta", "deltaLink", "http://org/x"))));
        assertTrue(e.getMessage().contains("contact") && e.getMessage().contains("https"), e.getMessage());
        e = assertThrows(ConnectException.class, () -> c.alterOffsets(minimal(),
                Map.of(Map.of("tbl", "contact"), Map.of("phase", "snapshot"))));
        assertTrue(e.getMessage().contains("tbl"), e.getMessage());
    }

    @Test
    void validateReportsFieldProblemsOnTheirKeys() {
        Map<String, String> p = minimal();
        p.put("dynamics.url", "http://contoso.crm4.dynamics.com");
        assertEquals(List.of("dynamics.url"), errorKeys(p));

        p = minimal();
        p.put("tables", "contact,Bad-Name");
        assertEquals(List.of("tables"), errorKeys(p));

        p = minimal();
        p.put("table.contact.filter", "statecode eq 0&$top=1");
        assertEquals(List.of("table.contact.filter"), errorKeys(p));

        p = minimal();
        p.put("table.contact.filter", "fullname eq 'unterminated");
        assertEquals(List.of("table.contact.filter"), errorKeys(p));

        p = minimal();
        p.put("table.contact.mode", "change_tracking");
        p.put("table.contact.filter", "statecode eq 0");
        assertEquals(List.of("table.contact.filter"), errorKeys(p));

        p = minimal();
        p.put("start.from", "timestamp");
        assertEquals(List.of("start.timestamp"), errorKeys(p));
    }

    private static List<String> errorKeys(Map<String, String> props) {
        return new DynamicsSourceConnector().validate(props).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty()).map(ConfigValue::name).toList();
    }
}
