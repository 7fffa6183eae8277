package io.dynamicsdotdigital.dataverse.client.webapi;

import io.dynamicsdotdigital.dataverse.client.ODataLiterals;
import java.net.URI;
import java.net.http.HttpRequest;

/** What every Dataverse Web API request shares: the OData headers, and query values encoded the way OData reads them. */
final class ODataRequests {
    private ODataRequests() {
    }

    /** A request with {@code Accept: application/json} and the OData 4.0 version headers. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }

    /** Percent-encodes a query value; spaces as %20 because OData servers do not all read '+'. */
    static String encode(String value) {
        return ODataLiterals.encode(value);
    }
}
