package io.dynamicsdotdigital.dynamics.sink;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.MissingPrivilege;
import io.dynamicsdotdigital.dataverse.client.WriteRequest;
import io.dynamicsdotdigital.dynamics.sink.link.BatchReads;
import io.dynamicsdotdigital.dynamics.sink.link.CrmRecord;
import io.dynamicsdotdigital.dynamics.sink.link.LinkEntity;
import io.dynamicsdotdigital.dynamics.sink.link.LinkSettings;
import io.dynamicsdotdigital.dynamics.sink.link.ListMembership;
import io.dynamicsdotdigital.dynamics.sink.link.RecordLinker;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Records to writes when rows are linked to CRM records ({@code link.entities} set): each record's contacts, leads
 * or accounts are found ({@link RecordLinker}), then the record becomes a row bound to them (upsert, create), an
 * update of each of them (update_linked), or their removal from a marketing list (remove_list_member). A record
 * that cannot be linked goes to the failed records with the reason.
 */
final class LinkedWrites {
    private final DynamicsSinkConfig config;
    private final RowMapper mapper;
    private final RecordLinker linker;
    private final LinkSettings link;
    private final ListMembership lists;
    private final DynamicsSinkMetrics metrics;
    private final Map<String, JsonNode> fixedValues;

    LinkedWrites(DynamicsSinkConfig config, RowMapper mapper, BatchReads reads, DynamicsSinkMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.mapper = mapper;
        this.link = config.linkSettings();
        this.lists = config.listMembership();
        // update_linked compares the fixed values (donotbulkemail:true) with the records' own, so a repeated
        // unsubscribe changes nothing in Dynamics and the Dynamics source has nothing to send round again.
        this.linker = new RecordLinker(link, reads, config.writeMode().equals(DynamicsSinkConfig.MODE_UPDATE_LINKED)
                ? List.copyOf(config.columnValues().keySet()) : List.of());
        this.fixedValues = config.columnValues();
    }

    List<WriteOperation> toOperations(Collection<SinkRecord> records, FailedRecords failures) {
        List<WriteOperation> operations = new ArrayList<>(records.size());
        List<SinkRecord> linked = new ArrayList<>();
        List<RecordLinker.Subject> subjects = new ArrayList<>();
        for (SinkRecord record : records) {
            try {
                if (record.value() == null) {
                    WriteOperation op = mapper.map(record);
                    if (op != null) {
                        operations.add(op);
                    }
                    continue;
                }
                subjects.add(subject(RowMapper.fields(record.value(), "value")));
                linked.add(record);
            } catch (UnwritableRecordException e) {
                failures.fail(record, new UnwritableRecordException(FailedRecords.where(record) + ": "
                        + e.getMessage()));
            }
        }
        List<RecordLinker.Outcome> outcomes = linker.link(subjects);
        // The lookups ran before any write: a record updated by an earlier record of this put still shows its old
        // values, so it is remembered here (the unsubscribes and suppressions streams both carry one address).
        Set<String> updatedInThisPut = new HashSet<>();
        for (int i = 0; i < linked.size(); i++) {
            SinkRecord record = linked.get(i);
            RecordLinker.Outcome outcome = outcomes.get(i);
            try {
                if (!outcome.ok()) {
                    metrics.unlinked.increment();
                    throw new UnwritableRecordException("it is linked to no CRM record: " + outcome.failure());
                }
                metrics.linked.increment();
                operations.addAll(writes(record, outcome.records(), updatedInThisPut));
            } catch (UnwritableRecordException e) {
                failures.fail(record, new UnwritableRecordException(FailedRecords.where(record) + ": "
                        + e.getMessage()));
            }
        }
        return operations;
    }

    private RecordLinker.Subject subject(Map<String, Object> fields) {
        return new RecordLinker.Subject(text(RowMapper.value(fields, link.emailField())),
                text(RowMapper.value(fields, link.crmIdField())), text(RowMapper.value(fields, link.crmTypeField())));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private List<WriteOperation> writes(SinkRecord record, List<CrmRecord> targets, Set<String> updatedInThisPut) {
        List<WriteOperation> out = new ArrayList<>();
        switch (config.writeMode()) {
            case DynamicsSinkConfig.MODE_UPDATE_LINKED -> {
                WriteOperation update = mapper.map(record);
                boolean onlyFixedValues = update.request().body().size() == fixedValues.size();
                for (CrmRecord target : targets) {
                    String path = target.entity().entitySet() + "(" + target.id() + ")";
                    if (onlyFixedValues && (target.alreadyHas(fixedValues) || !updatedInThisPut.add(path))) {
                        metrics.unchanged.increment();
                        continue; // nothing to change: no write, so no change comes back through the source
                    }
                    out.add(update.with(new WriteRequest("PATCH", path, update.request().body(), true)));
                }
            }
            case DynamicsSinkConfig.MODE_REMOVE_LIST_MEMBER -> {
                WriteOperation removal = mapper.map(record);
                Object book = RowMapper.value(RowMapper.fields(record.value(), "value"), lists.addressBookField());
                String listId = lists.listOf(book);
                if (listId == null) {
                    throw new UnwritableRecordException("its address book " + book + " (field '"
                            + lists.addressBookField() + "') is not in " + ListMembership.MAPPING);
                }
                for (CrmRecord target : targets) {
                    out.add(removal.with(WriteRequest.of("DELETE", "lists(" + listId + ")/"
                            + target.entity().listAssociation() + "(" + target.id() + ")/$ref", null)));
                }
            }
            default -> {
                for (Map<String, String> links : rows(targets)) {
                    out.add(mapper.map(record, links));
                }
            }
        }
        return out;
    }

    /**
     * The lookups of each row: one row binds one record of each linked table, so several records of one table
     * (link.ambiguous=all) make several rows.
     */
    private List<Map<String, String>> rows(List<CrmRecord> targets) {
        Map<LinkEntity, List<String>> byEntity = new IdentityHashMap<>();
        for (CrmRecord t : targets) {
            byEntity.computeIfAbsent(t.entity(), e -> new ArrayList<>()).add(t.id());
        }
        int rows = byEntity.values().stream().mapToInt(List::size).max().orElse(0);
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            Map<String, String> links = new LinkedHashMap<>();
            for (LinkEntity entity : link.entities()) {
                List<String> ids = byEntity.get(entity);
                if (ids != null && i < ids.size()) {
                    links.put(link.lookupColumn(entity), ids.get(i));
                }
            }
            out.add(links);
        }
        return out;
    }

    /** Lookups as GETs of one $batch, retried as the rows are; a refused lookup stops the put naming it. */
    static BatchReads over(BatchRounds rounds) {
        return paths -> {
            List<WriteOperation> gets = new ArrayList<>();
            for (String path : paths) {
                gets.add(new WriteOperation(null, new WriteRequest("GET", path, null, false), null));
            }
            Map<WriteOperation, String> bodies = new IdentityHashMap<>();
            rounds.send(gets, "email lookups", (op, result) -> {
                if (!result.ok()) {
                    // The path holds the email addresses: name the table, not the addresses.
                    String set = op.path().substring(0, op.path().indexOf('?'));
                    throw new ConnectException("Dataverse refused an email lookup on " + set + " with HTTP "
                            + result.status() + ": " + DataverseError.abbreviate(result.body())
                            + (result.status() == 403 ? "; " + MissingPrivilege.hint(result.body(),
                            "the Read privilege on " + set) : ""));
                }
                bodies.put(op, result.body());
            });
            return gets.stream().map(bodies::get).toList();
        };
    }
}
