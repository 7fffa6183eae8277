package io.dynamicsdotdigital.dynamics.source.offsets;

import io.dynamicsdotdigital.dataverse.client.WebApiLinks;
import java.net.URI;
import java.util.Map;

/** Entry point for reading stored offsets. */
public final class Offsets {
    private Offsets() {
    }

    /** Parses a stored offset (null for none); throws IllegalArgumentException on a malformed shape. */
    public static TableOffset parse(Map<String, ?> offset) {
        return TableOffset.parse(offset, false);
    }

    /** As {@link #parse(Map)}, also accepting http:// links where the connector allows plain HTTP. */
    public static TableOffset parse(Map<String, ?> offset, boolean allowPlainHttp) {
        return TableOffset.parse(offset, allowPlainHttp);
    }

    /**
     * As {@link #parse(Map, boolean)}, and every link must point into {@code webApiRoot} (scheme, host, port, path
     * prefix): a stored link is followed with the bearer token.
     */
    public static TableOffset parse(Map<String, ?> offset, boolean allowPlainHttp, URI webApiRoot) {
        TableOffset parsed = TableOffset.parse(offset, allowPlainHttp);
        String link = parsed instanceof TableOffset.Snapshot s ? s.nextLink()
                : parsed instanceof TableOffset.Range r ? r.nextLink()
                : parsed instanceof TableOffset.Delta d ? d.deltaLink() : null;
        if (link != null) {
            try {
                WebApiLinks.requireUnder(link, webApiRoot);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + (parsed instanceof TableOffset.Delta ? TableOffset.DELTA_LINK
                        : TableOffset.NEXT_LINK) + "\": " + e.getMessage());
            }
        }
        return parsed;
    }
}
