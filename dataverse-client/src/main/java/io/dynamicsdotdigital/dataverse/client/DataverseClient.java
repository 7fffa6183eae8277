package io.dynamicsdotdigital.dataverse.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Dynamics connectors ask of Dataverse. {@code webapi.WebApiDataverseClient} implements it over the Web
 * API (OData v4); an implementation over the SOAP Organization Service of older Dynamics versions can take its place.
 * Failures are {@link DataverseApiException}s (an answer with an error status) or the transport's
 * {@link io.dynamicsdotdigital.common.http.ApiException} (retries exhausted).
 */
public interface DataverseClient {

    /** A table's metadata, with the precision of its Decimal and Money columns where the service says it. */
    EntityMetadata metadata(String logicalName);

    /** The primary id and alternate keys of the table behind an entity set; empty when the service does not say. */
    Optional<EntityKeys> keys(String entitySet);

    /**
     * Reads one page and streams its rows into {@code rows}.
     *
     * @param what names the call in errors, e.g. "snapshot page of contacts"
     */
    PageResult readPage(PageQuery query, RowReader rows, String what);

    /**
     * Runs one FetchXML query page ({@code GET {entitySet}?fetchXml=...}) asking for the paging cookie annotation.
     * {@link FetchXmlPages} pages through a whole query with it.
     *
     * @param what names the call in errors, e.g. "evaluation of dynamic list X"
     */
    default FetchXmlPage readFetchXmlPage(String entitySet, String fetchXml, String what) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not run FetchXML queries");
    }

    /**
     * Whether the service tracks changes of {@code entitySet} through the Web API (Dynamics 9.0 and later); when it
     * does not (Dynamics 2016 / 8.x), tables are read by watermark.
     */
    default boolean changeTrackingThroughWebApi(String entitySet) {
        return true;
    }

    /**
     * One row by its id ({@code GET entitySet(id)?$select=...}): its properties as JSON values (lookups as
     * {@code _col_value}); empty when the service answers 404 (no such row).
     *
     * @param what names the call in errors, e.g. "email of contact X"
     */
    default Optional<Map<String, Object>> readRow(String entitySet, String id, List<String> select, String what) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not read single rows");
    }

    /** Reads one row of an entity set, to prove it exists and may be read; throws naming the status otherwise. */
    void probeEntitySet(String entitySet);

    /**
     * Sends writes in one batch in which each request succeeds or fails alone.
     *
     * @return one answer per request, in request order; null where the service did not run a request (it stopped
     *         the batch early)
     * @throws io.dynamicsdotdigital.common.http.ApiOutcomeUnknownException when the batch holds a creation (POST),
     *         which is not sent again after a timeout, a dropped connection or 502-504: the service may have run it
     */
    List<WriteResult> write(List<WriteRequest> requests);
}
