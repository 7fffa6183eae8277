package io.dynamicsdotdigital.dataverse.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FetchXmlPagesTest {
    /** Records the queries sent and answers two pages, the first with a cookie as the service writes it. */
    static final class TwoPages implements DataverseClient {
        final List<String> sent = new ArrayList<>();

        @Override
        public FetchXmlPage readFetchXmlPage(String entitySet, String fetchXml, String what) {
            sent.add(fetchXml);
            if (sent.size() == 1) {
                return new FetchXmlPage(List.of(), true, "<cookie pagenumber=\"2\" pagingcookie=\"%253ccookie%2520page"
                        + "%253d%25221%2522%253e%253ccontactid%2520last%253d%2522%257bAB%257d%2522%2520first%253d%2522"
                        + "%257bCD%257d%2522%2520%252f%253e%253c%252fcookie%253e\" istracking=\"False\" />");
            }
            return new FetchXmlPage(List.of(), false, null);
        }

        @Override
        public EntityMetadata metadata(String logicalName) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<EntityKeys> keys(String entitySet) {
            return Optional.empty();
        }

        @Override
        public PageResult readPage(PageQuery query, RowReader rows, String what) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void probeEntitySet(String entitySet) {
        }

        @Override
        public List<WriteResult> write(List<WriteRequest> requests) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theSecondPageSendsPageTwoAndTheTwiceDecodedCookieXmlEscaped() {
        TwoPages client = new TwoPages();
        FetchXmlPages pages = new FetchXmlPages(client, "contacts",
                "<fetch page='7' paging-cookie='stale'><entity name='contact'><attribute name='contactid'/></entity></fetch>",
                5000, "test");
        pages.next();
        assertTrue(pages.hasNext());
        pages.next();
        assertFalse(pages.hasNext());
        assertEquals(2, client.sent.size());
        assertTrue(client.sent.get(0).contains("count=\"5000\"") && client.sent.get(0).contains("page=\"1\"")
                && !client.sent.get(0).contains("paging-cookie"), client.sent.get(0));
        assertTrue(client.sent.get(1).contains("page=\"2\""), client.sent.get(1));
        assertTrue(client.sent.get(1).contains("paging-cookie=\"&lt;cookie page=&quot;1&quot;&gt;&lt;contactid last="
                + "&quot;{AB}&quot; first=&quot;{CD}&quot; /&gt;&lt;/cookie&gt;\""), client.sent.get(1));
    }

    @Test
    void queriesThatCannotBePagedAreRefusedNamingWhy() {
        TwoPages client = new TwoPages();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new FetchXmlPages(client, "contacts",
                "<fetch top='5'><entity name='contact'/></fetch>", 10, "t")).getMessage().contains("top"));
        assertThrows(IllegalArgumentException.class, () -> new FetchXmlPages(client, "contacts", "<fetch", 10, "t"));
        assertEquals("contact", FetchXmlPages.entityName("<fetch><entity name='contact'/></fetch>"));
    }
}
