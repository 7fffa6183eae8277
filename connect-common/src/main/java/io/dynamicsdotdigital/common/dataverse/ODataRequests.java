package io.dynamicsdotdigital.common.dataverse;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** What every Dataverse Web API request shares: the OData headers, and query values encoded the way OData reads them. */
public final class ODataRequests {
    private ODataRequests() {
    }

    /** A request with {@code Accept: application/json} and the OData 4.0 version headers. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0")
                .header("OData-Version", "4.0");
    }

    /** Percent-encodes a query value; spaces as %20 because OData servers do not all read '+'. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
