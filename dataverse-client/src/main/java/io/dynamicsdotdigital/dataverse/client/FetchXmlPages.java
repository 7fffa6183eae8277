package io.dynamicsdotdigital.dataverse.client;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Pages through a FetchXML query as Microsoft documents it: each request sets the fetch element's {@code count},
 * {@code page} and, from the second page, {@code paging-cookie} to the previous answer's cookie (its
 * {@code pagingcookie} attribute URL-decoded twice; the XML writer escapes it). The last page is the one whose
 * {@code @Microsoft.Dynamics.CRM.morerecords} is false. A query of n rows costs ceil(n / count) calls.
 */
public final class FetchXmlPages {
    /** The service's default and largest FetchXML page. */
    public static final int MAX_PAGE_SIZE = 5000;

    private final DataverseClient client;
    private final String entitySet;
    private final Document fetch;
    private final String what;
    private int page = 1;
    private String cookie;
    private boolean done;

    /**
     * @param pageSize rows per request, 1 to 5,000
     * @throws IllegalArgumentException when the query is not a fetch element or uses {@code top}, which the service
     *                                  refuses together with paging
     */
    public FetchXmlPages(DataverseClient client, String entitySet, String fetchXml, int pageSize, String what) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("a FetchXML page holds 1 to " + MAX_PAGE_SIZE + " rows, not " + pageSize);
        }
        this.client = client;
        this.entitySet = entitySet;
        this.what = what;
        this.fetch = parse(fetchXml, "the FetchXML query");
        Element root = fetch.getDocumentElement();
        if (!root.getTagName().equals("fetch")) {
            throw new IllegalArgumentException("the FetchXML query starts with <" + root.getTagName()
                    + ">, not <fetch>");
        }
        if (root.hasAttribute("top")) {
            throw new IllegalArgumentException("the FetchXML query sets top, which cannot be combined with paging");
        }
        root.setAttribute("count", Integer.toString(pageSize));
        root.removeAttribute("paging-cookie");
    }

    /** The logical name of the query's entity, e.g. {@code contact}. */
    public static String entityName(String fetchXml) {
        for (Node n = parse(fetchXml, "the FetchXML query").getDocumentElement().getFirstChild(); n != null;
                n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("entity") && !e.getAttribute("name").isBlank()) {
                return e.getAttribute("name");
            }
        }
        throw new IllegalArgumentException("the FetchXML query has no <entity name=...> element");
    }

    public boolean hasNext() {
        return !done;
    }

    /** Reads the next page. */
    public FetchXmlPage next() {
        if (done) {
            throw new NoSuchElementException("the FetchXML query has no more pages");
        }
        Element root = fetch.getDocumentElement();
        root.setAttribute("page", Integer.toString(page));
        if (cookie != null) {
            root.setAttribute("paging-cookie", cookie);
        }
        FetchXmlPage answer = client.readFetchXmlPage(entitySet, serialize(fetch), what + " (page " + page + ")");
        if (!answer.moreRecords()) {
            done = true;
            return answer;
        }
        page++;
        // Without a cookie the service still pages by number (simple paging).
        cookie = answer.pagingCookie() == null ? null : innerCookie(answer.pagingCookie());
        if (cookie == null) {
            root.removeAttribute("paging-cookie");
        }
        return answer;
    }

    /** The cookie to send: the annotation's pagingcookie attribute, URL-decoded twice. */
    static String innerCookie(String annotation) {
        Element cookie = parse(annotation, "the paging cookie annotation").getDocumentElement();
        String encoded = cookie.getAttribute("pagingcookie");
        if (encoded.isEmpty()) {
            return null;
        }
        return URLDecoder.decode(URLDecoder.decode(encoded, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static Document parse(String xml, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException(what + " is not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("could not write the FetchXML query: " + e.getMessage(), e);
        }
    }
}
