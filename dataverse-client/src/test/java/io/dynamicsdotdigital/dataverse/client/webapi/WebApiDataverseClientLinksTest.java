package io.dynamicsdotdigital.dataverse.client.webapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dynamicsdotdigital.dataverse.client.PageResult;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebApiDataverseClientLinksTest {
    private static final URI PAGE = URI.create("https://org.crm.dynamics.com/api/data/v9.2/contacts?$select=fullname");

    @Test
    void relativeLinksBecomeAbsoluteAgainstThePageTheyCameFrom() {
        PageResult page = new PageResult(3, "contacts?$skiptoken=%3Ccookie%20page%3D2%3E", null, Set.of());
        PageResult absolute = WebApiDataverseClient.absoluteLinks(page, PAGE);
        assertEquals("https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=%3Ccookie%20page%3D2%3E",
                absolute.nextLink());
        assertNull(absolute.deltaLink());
        assertEquals(3, absolute.items());

        PageResult delta = WebApiDataverseClient.absoluteLinks(new PageResult(0, null,
                "/api/data/v9.2/contacts?$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44", Set.of()), PAGE);
        assertEquals("https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=919042%2108%2f22%2f2017%2008%3a10%3a44",
                delta.deltaLink());
    }

    @Test
    void absoluteLinksAreKeptAsTheyAre() {
        PageResult page = new PageResult(1, "https://org.crm.dynamics.com/api/data/v9.2/contacts?$skiptoken=x",
                "https://org.crm.dynamics.com/api/data/v9.2/contacts?$deltatoken=1", Set.of());
        assertSame(page, WebApiDataverseClient.absoluteLinks(page, PAGE));
    }
}
