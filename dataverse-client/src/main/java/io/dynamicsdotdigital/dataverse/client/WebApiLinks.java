package io.dynamicsdotdigital.dataverse.client;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a nextLink or deltaLink points into the configured Web API root (same scheme, host, port and path
 * prefix). A link from a stored or altered offset is followed with the bearer token, so one that points anywhere
 * else is refused: the token must never reach another host.
 */
public final class WebApiLinks {
    private WebApiLinks() {
    }

    /** Throws {@link IllegalArgumentException} naming what differs when {@code link} is not under {@code root}. */
    public static void requireUnder(String link, URI root) {
        URI uri;
        try {
            uri = URI.create(link);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the link is not a valid URL");
        }
        String problem = null;
        if (!lower(uri.getScheme()).equals(lower(root.getScheme()))) {
            problem = "its scheme is " + uri.getScheme();
        } else if (!lower(uri.getHost()).equals(lower(root.getHost()))) {
            problem = "its host is " + uri.getHost();
        } else if (port(uri) != port(root)) {
            problem = "its port is " + port(uri);
        } else if (uri.getRawPath() == null || !uri.getRawPath().startsWith(root.getRawPath())
                || uri.getRawPath().contains("/../")) {
            problem = "its path is " + uri.getRawPath();
        }
        if (problem != null) {
            throw new IllegalArgumentException("the link does not point into the configured Web API root " + root
                    + " (" + problem + ")");
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }
}
