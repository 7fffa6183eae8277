package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import io.dynamicsdotdigital.dataverse.client.PageQuery;
import io.dynamicsdotdigital.dataverse.client.Paging;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;

/**
 * Builds Web API requests: the OData headers every call carries, page size and change tracking through
 * {@code Prefer}, and the query options of snapshot, watermark and metadata reads. Links returned by the service
 * (nextLink, deltaLink) are followed verbatim.
 */
final class WebApiRequests {
    static final String FETCHXML_PAGING_COOKIE =
            "odata.include-annotations=\"Microsoft.Dynamics.CRM.fetchxmlpagingcookie\"";
    static final String FORMATTED_VALUES = "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue\"";

    private final URI webApiRoot;
    private final int pageSize;

    /**
     * @param webApiRoot e.g. {@code https://org.crm.dynamics.com/api/data/v9.2/} (with the trailing slash)
     * @param pageSize   rows per page, at most 5000
     */
    WebApiRequests(URI webApiRoot, int pageSize) {
        String root = webApiRoot.toString();
        this.webApiRoot = URI.create(root.endsWith("/") ? root : root + "/");
        this.pageSize = pageSize;
    }

    URI webApiRoot() {
        return webApiRoot;
    }

    /** The request of a page query. */
    HttpRequest.Builder page(PageQuery query) {
        if (query instanceof PageQuery.Snapshot s) {
            return snapshot(s.entitySet(), s.select(), s.paging());
        }
        if (query instanceof PageQuery.Watermark w) {
            return watermark(w.entitySet(), w.select(), w.modifiedOn(), w.version(), w.from(), w.upperBound(),
                    w.extraFilter(), w.labels());
        }
        PageQuery.Follow f = (PageQuery.Follow) query;
        return follow(f.link(), f.paging());
    }

    /** First page of a full read, with change tracking or not; an empty {@code select} reads every column. */
    HttpRequest.Builder snapshot(String entitySet, List<String> select, Paging paging) {
        String query = select.isEmpty() ? "" : "?$select=" + encode(String.join(",", select));
        return get(webApiRoot.resolve(entitySet + query), paging);
    }

    /**
     * One keyset page: rows after (modifiedOn, version) and before {@code upperBound}, oldest first. With no
     * position yet, {@code from} (inclusive, may be null) bounds the start instead.
     */
    HttpRequest.Builder watermark(String entitySet, List<String> select, Instant modifiedOn, long version,
                                         Instant from, Instant upperBound, String extraFilter, boolean labels) {
        StringBuilder filter = new StringBuilder();
        if (modifiedOn != null) {
            String w = ODataLiterals.dateTime(modifiedOn);
            filter.append("(modifiedon gt ").append(w).append(" or (modifiedon eq ").append(w)
                    .append(" and versionnumber gt ").append(version).append("))");
        } else if (from != null) {
            filter.append("modifiedon ge ").append(ODataLiterals.dateTime(from));
        }
        if (filter.length() > 0) {
            filter.append(" and ");
        }
        filter.append("modifiedon lt ").append(ODataLiterals.dateTime(upperBound));
        if (extraFilter != null && !extraFilter.isBlank()) {
            filter.append(" and (").append(extraFilter.trim()).append(')');
        }
        String query = (select.isEmpty() ? "" : "$select=" + encode(String.join(",", select)) + "&")
                + "$filter=" + encode(filter.toString())
                + "&$orderby=" + encode("modifiedon asc,versionnumber asc");
        return get(webApiRoot.resolve(entitySet + "?" + query), labels ? Paging.WITH_LABELS : Paging.PLAIN);
    }

    /** A nextLink or deltaLink, exactly as the service returned it, with the same preferences as the first page. */
    HttpRequest.Builder follow(String link, Paging paging) {
        return get(URI.create(link), paging);
    }

    /** A table's definition with its attributes. Metadata is never paged. */
    HttpRequest.Builder entityDefinition(String logicalName) {
        String query = "$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled"
                + "&$expand=" + encode("Attributes($select=LogicalName,AttributeType,AttributeTypeName,AttributeOf,IsValidForRead)");
        return base(webApiRoot.resolve("EntityDefinitions(LogicalName=" + ODataLiterals.string(logicalName)
                + ")?" + query));
    }

    /**
     * The same definition with only the attribute properties Microsoft's Web API notes list for every service
     * (LogicalName, AttributeType, AttributeTypeName), for a service that refuses the fuller $select.
     */
    HttpRequest.Builder entityDefinitionBasic(String logicalName) {
        String query = "$select=LogicalName,EntitySetName,PrimaryIdAttribute,ChangeTrackingEnabled"
                + "&$expand=" + encode("Attributes($select=LogicalName,AttributeType,AttributeTypeName)");
        return base(webApiRoot.resolve("EntityDefinitions(LogicalName=" + ODataLiterals.string(logicalName)
                + ")?" + query));
    }

    /** The attributes of one derived metadata type, e.g. {@code MoneyAttributeMetadata}, with their precision. */
    HttpRequest.Builder attributePrecisions(String logicalName, String metadataType) {
        return base(webApiRoot.resolve("EntityDefinitions(LogicalName=" + ODataLiterals.string(logicalName)
                + ")/Attributes/Microsoft.Dynamics.CRM." + metadataType + "?$select=LogicalName,Precision"));
    }

    /** The primary id and alternate keys of the table behind an entity set. */
    HttpRequest.Builder entityKeys(String entitySet) {
        String filter = "EntitySetName eq " + ODataLiterals.string(entitySet);
        return base(webApiRoot.resolve("EntityDefinitions?$select=LogicalName,PrimaryIdAttribute&$filter="
                + encode(filter) + "&$expand=" + encode("Keys($select=KeyAttributes)")));
    }

    /** One row of an entity set by its id, with the columns of {@code select} (every column when empty). */
    HttpRequest.Builder row(String entitySet, String id, List<String> select) {
        String query = select.isEmpty() ? "" : "?$select=" + encode(String.join(",", select));
        return base(webApiRoot.resolve(entitySet + "(" + encode(id) + ")" + query));
    }

    /** A FetchXML query page; the query's count governs the page size, so no maxpagesize is sent. */
    HttpRequest.Builder fetchXml(String entitySet, String fetchXml) {
        return base(webApiRoot.resolve(entitySet + "?fetchXml=" + encode(fetchXml)))
                .header("Prefer", FETCHXML_PAGING_COOKIE);
    }

    /** Who the caller is: the cheapest call that needs a signed-in user. */
    HttpRequest.Builder whoAmI() {
        return base(webApiRoot.resolve("WhoAmI"));
    }

    /** One row with change tracking asked for: {@code Preference-Applied} says whether the service tracks. */
    HttpRequest.Builder trackingProbe(String entitySet) {
        return base(webApiRoot.resolve(entitySet)).header("Prefer", "odata.maxpagesize=1,odata.track-changes");
    }

    HttpRequest.Builder probe(String entitySet) {
        return base(webApiRoot.resolve(entitySet)).header("Prefer", "odata.maxpagesize=1");
    }

    private HttpRequest.Builder get(URI uri, Paging paging) {
        String prefer = "odata.maxpagesize=" + pageSize;
        if (paging == Paging.TRACK_CHANGES) {
            prefer += ",odata.track-changes";
        } else if (paging == Paging.WITH_LABELS) {
            prefer += "," + FORMATTED_VALUES;
        }
        return base(uri).header("Prefer", prefer);
    }

    private static HttpRequest.Builder base(URI uri) {
        return ODataRequests.request(uri).GET();
    }

    static String encode(String value) {
        return ODataRequests.encode(value);
    }
}
