package io.dynamicsdotdigital.dotdigital.sink.send;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.dynamicsdotdigital.common.http.ApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseApiException;
import io.dynamicsdotdigital.dataverse.client.DataverseClient;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.PageResult;
import io.dynamicsdotdigital.dataverse.client.Paging;
import io.dynamicsdotdigital.dataverse.client.RowReader;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRefusedException.Reason;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRequest.Lookup;
import io.dynamicsdotdigital.dotdigital.sink.send.SendRequest.LookupKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Reads from Dataverse what a send row does not carry, before any send call: the email of a single send's contact
 * or lead ({@code GET contacts(id)?$select=emailaddress1}) and an Email Send's marketing lists through its N:N
 * relationship ({@code GET esc_emailsends(id)/<navigation>?$select=listname}, every page). A recipient that cannot
 * be known is a refusal; a transient failure is a {@link RetriableException}, so the request is tried again and
 * never sent before its address is known.
 */
final class DataverseLookups {
    static final String EMAIL_COLUMN = "emailaddress1";
    static final String LIST_NAME_COLUMN = "listname";
    private static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final CampaignSendConfig config;
    /** Null when no Dataverse connection is configured. */
    private final DataverseClient client;

    DataverseLookups(CampaignSendConfig config, DataverseClient client) {
        this.config = config;
        this.client = client;
    }

    /** The request with its lists or email read from Dataverse; unchanged when it needs no lookup. */
    SendRequest complete(SendRequest request) {
        Lookup lookup = request.lookup();
        if (lookup == null) {
            return request;
        }
        if (client == null) {
            throw withoutConnection(request, lookup);
        }
        if (!GUID.matcher(lookup.id()).matches()) {
            throw new SendRefusedException(Reason.MALFORMED, "request " + request.requestId() + ": '"
                    + lookup.column() + "' holds '" + lookup.id() + "', not a Dataverse id");
        }
        return switch (lookup.kind()) {
            case CONTACT -> request.withEmail(email(request, lookup, "contacts", "contact"));
            case LEAD -> request.withEmail(email(request, lookup, "leads", "lead"));
            case LISTS -> request.withLists(lists(request, lookup));
        };
    }

    private SendRefusedException withoutConnection(SendRequest request, Lookup lookup) {
        if (lookup.kind() == LookupKind.LISTS) {
            return new SendRefusedException(Reason.EMPTY_TARGET, "request " + request.requestId() + " names no"
                    + " marketing list ('" + config.listsField() + "') and no contact: its lists could be read"
                    + " through the relationship '" + config.listsNavigation() + "', but "
                    + CampaignSendConfig.DATAVERSE_URL + " is not set. Dotdigital would send campaign "
                    + request.campaignId() + " to ALL contacts of the account, so it is refused");
        }
        return new SendRefusedException(Reason.NO_DATAVERSE_CONNECTION, "request " + request.requestId()
                + " carries no email ('" + config.emailField() + "'), only the " + lookup.kind().name()
                .toLowerCase() + " lookup '" + lookup.column() + "' (" + lookup.id() + "); set "
                + CampaignSendConfig.DATAVERSE_URL + " and the dynamics.* credentials so its email is read from"
                + " Dataverse");
    }

    private String email(SendRequest request, Lookup lookup, String entitySet, String table) {
        String what = "read of the email of " + table + " " + lookup.id() + " (send request " + request.requestId()
                + ")";
        Optional<Map<String, Object>> row = call(request, lookup, what,
                () -> client.readRow(entitySet, lookup.id(), List.of(EMAIL_COLUMN), what));
        if (row.isEmpty()) {
            throw new SendRefusedException(Reason.LOOKUP_NOT_FOUND, "request " + request.requestId() + ": " + table
                    + " " + lookup.id() + " not found (lookup '" + lookup.column() + "')");
        }
        Object email = row.get().get(EMAIL_COLUMN);
        if (email == null || email.toString().isBlank()) {
            throw new SendRefusedException(Reason.RECIPIENT_WITHOUT_EMAIL, "request " + request.requestId() + ": "
                    + table + " " + lookup.id() + " named by lookup '" + lookup.column() + "' has no email ("
                    + EMAIL_COLUMN + "), so there is no one to send to");
        }
        return email.toString().trim();
    }

    private List<String> lists(SendRequest request, Lookup lookup) {
        String path = config.listsEntitySet() + "(" + lookup.id() + ")/" + config.listsNavigation();
        String what = "read of the marketing lists of " + path + " (send request " + request.requestId() + ")";
        List<String> names = new ArrayList<>();
        RowReader reader = new ListNames(names);
        PageQuery query = new PageQuery.Snapshot(path, List.of(LIST_NAME_COLUMN), Paging.PLAIN);
        while (query != null) {
            PageQuery page = query;
            PageResult result = call(request, lookup, what, () -> client.readPage(page, reader, what));
            if (result == null) {
                throw new SendRefusedException(Reason.LOOKUP_NOT_FOUND, "request " + request.requestId() + ": "
                        + config.listsEntitySet() + " row " + lookup.id() + " not found ('" + lookup.column() + "')");
            }
            query = result.nextLink() == null ? null : new PageQuery.Follow(path, result.nextLink(), Paging.PLAIN);
        }
        if (names.isEmpty()) {
            throw new SendRefusedException(Reason.EMPTY_TARGET, "request " + request.requestId() + ": the Email Send "
                    + lookup.id() + " has no marketing list related through '" + config.listsNavigation()
                    + "'; Dotdigital would send campaign " + request.campaignId() + " to ALL contacts of the"
                    + " account, so it is refused");
        }
        return names;
    }

    /**
     * Runs one read. 404 of a collection read answers null (its row does not exist); another 4xx is a refusal
     * naming the settings at fault; a timeout, 408, 429 or 5xx is retried with the request.
     */
    private <T> T call(SendRequest request, Lookup lookup, String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (DataverseApiException e) {
            int status = e.status();
            if (status == 404) {
                return null;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                throw new SendRefusedException(Reason.LOOKUP_REFUSED, "request " + request.requestId() + ": Dataverse"
                        + " refused the " + what + " (" + e.getMessage() + "); check " + settingsOf(lookup)
                        + " and the application user's read privileges");
            }
            throw retry(what, e);
        } catch (ApiException e) {
            throw retry(what, e);
        }
    }

    private String settingsOf(Lookup lookup) {
        return lookup.kind() == LookupKind.LISTS
                ? CampaignSendConfig.LISTS_ENTITY_SET + " / " + CampaignSendConfig.LISTS_NAVIGATION
                : lookup.kind() == LookupKind.CONTACT ? CampaignSendConfig.CONTACT_LOOKUP
                : CampaignSendConfig.LEAD_LOOKUP;
    }

    private static RetriableException retry(String what, RuntimeException e) {
        return new RetriableException("Dataverse " + what + " failed (" + e.getMessage() + "); nothing was sent,"
                + " the request is retried", e);
    }

    /** Collects the listname of every related list. */
    private static final class ListNames implements RowReader {
        private final List<String> names;

        ListNames(List<String> names) {
            this.names = names;
        }

        @Override
        public void beginRow() {
        }

        @Override
        public boolean column(String name, JsonToken token, JsonParser parser) throws IOException {
            if (!name.equals(LIST_NAME_COLUMN)) {
                return false;
            }
            String value = parser.getValueAsString();
            if (value != null && !value.isBlank()) {
                names.add(value.trim());
            }
            return true;
        }

        @Override
        public boolean annotation(String name, JsonParser parser) {
            return false;
        }

        @Override
        public void endRow() {
        }

        @Override
        public void deleted(String id, String reason) {
        }
    }
}
