package io.dynamicsdotdigital.dynamics.sink.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynamicsdotdigital.dataverse.client.DataverseError;
import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Email addresses to the contacts, leads and accounts that have them, in every table of {@code link.entities}:
 * cached addresses from the cache, the others with {@code $filter=emailaddress1 eq 'a' or emailaddress1 eq 'b' ...}
 * reads of {@link #EMAILS_PER_QUERY} addresses each, all sent in one $batch.
 */
final class EmailResolver {
    /** Addresses per $filter, keeping each URL far below the service's length limit. */
    static final int EMAILS_PER_QUERY = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkSettings settings;
    private final BatchReads reads;
    private final LinkCache cache;
    private final List<String> compared;

    EmailResolver(LinkSettings settings, BatchReads reads, List<String> compared) {
        this.settings = settings;
        this.reads = reads;
        this.compared = List.copyOf(compared);
        this.cache = new LinkCache(compared.isEmpty() ? settings.cacheSize() : 0);
    }

    /** @param emails lower-case addresses; @return every address's records, in the order of link.entities */
    Map<String, List<CrmRecord>> resolve(Collection<String> emails) {
        Map<String, List<CrmRecord>> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String email : emails) {
            List<CrmRecord> cached = cache.get(email);
            if (cached != null) {
                found.put(email, cached);
            } else if (!found.containsKey(email)) {
                found.put(email, new ArrayList<>());
                missing.add(email);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<String> paths = new ArrayList<>();
        List<LinkEntity> pathEntities = new ArrayList<>();
        for (LinkEntity entity : settings.entities()) {
            for (int from = 0; from < missing.size(); from += EMAILS_PER_QUERY) {
                paths.add(query(entity, missing.subList(from, Math.min(missing.size(), from + EMAILS_PER_QUERY))));
                pathEntities.add(entity);
            }
        }
        List<String> bodies = reads.read(paths);
        java.util.Set<String> asked = new java.util.HashSet<>(missing);
        for (int i = 0; i < bodies.size(); i++) {
            for (Match m : parse(bodies.get(i), pathEntities.get(i), asked)) {
                found.get(m.email()).add(m.record());
            }
        }
        for (String email : missing) {
            cache.put(email, found.get(email));
        }
        return found;
    }

    private String query(LinkEntity entity, List<String> emails) {
        List<String> terms = new ArrayList<>();
        for (String email : emails) {
            terms.add(settings.emailColumn() + " eq " + ODataLiterals.string(email));
        }
        StringBuilder select = new StringBuilder(entity.idColumn()).append(',').append(settings.emailColumn())
                .append(",createdon");
        compared.forEach(c -> select.append(',').append(c));
        return entity.entitySet() + "?$select=" + select + "&$filter=" + ODataLiterals.encode(String.join(" or ", terms));
    }

    private record Match(String email, CrmRecord record) {
    }

    /** The rows of one answer with the address each has. */
    private List<Match> parse(String body, LinkEntity entity, java.util.Set<String> asked) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new ConnectException("Dataverse answered an email lookup on " + entity.entitySet()
                    + " with something other than JSON: "
                    + DataverseError.abbreviate(body));
        }
        List<Match> out = new ArrayList<>();
        for (JsonNode row : root.path("value")) {
            String id = row.path(entity.idColumn()).asText("");
            String email = row.path(settings.emailColumn()).asText("").trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty() || !asked.contains(email)) {
                continue; // not an address asked for (the service compares without case; so does the map key)
            }
            Map<String, JsonNode> values = new HashMap<>();
            for (String column : compared) {
                if (row.has(column)) {
                    values.put(column, row.get(column));
                }
            }
            out.add(new Match(email, new CrmRecord(entity, id.toLowerCase(Locale.ROOT),
                    instant(row.path("createdon").asText(null)), values)));
        }
        return out;
    }

    private static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
