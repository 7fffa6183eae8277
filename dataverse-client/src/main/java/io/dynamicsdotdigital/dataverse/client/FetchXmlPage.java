package io.dynamicsdotdigital.dataverse.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a FetchXML query.
 *
 * @param rows         the page's rows as the service sent them
 * @param moreRecords  the service's {@code @Microsoft.Dynamics.CRM.morerecords}
 * @param pagingCookie the service's {@code @Microsoft.Dynamics.CRM.fetchxmlpagingcookie} as sent
 *                     ({@code <cookie pagenumber=".." pagingcookie=".." />}); null when absent
 */
public record FetchXmlPage(List<JsonNode> rows, boolean moreRecords, String pagingCookie) {
    public FetchXmlPage {
        rows = List.copyOf(rows);
    }
}
