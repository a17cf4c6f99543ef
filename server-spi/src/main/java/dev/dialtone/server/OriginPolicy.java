package dev.dialtone.server;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Origin}s may connect (R1.3). By default: clients that send no Origin (apps, servers) and pages of the
 * server itself (the Origin's host and port equal the {@code Host} header). Other origins only when listed;
 * {@code *} allows any.
 *
 * @param allowed origins allowed besides the defaults, such as {@code https://chat.example.com}; {@code *} for any
 */
public record OriginPolicy(Set<String> allowed) {

    /** Copies and normalizes the set. */
    public OriginPolicy {
        allowed = Set.copyOf(allowed.stream().map(OriginPolicy::normalize).toList());
    }

    /** The default policy: no Origin, or the server's own. */
    public static OriginPolicy sameOriginOnly() {
        return new OriginPolicy(Set.of());
    }

    /** Any origin. */
    public static OriginPolicy any() {
        return new OriginPolicy(Set.of("*"));
    }

    /** The defaults plus these origins. */
    public static OriginPolicy allowing(String... origins) {
        return new OriginPolicy(Set.of(origins));
    }

    /** Whether a connection with this Origin and Host header is allowed; either may be null. */
    public boolean allows(String origin, String host) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains("*") || allowed.contains(normalized)) {
            return true;
        }
        return host != null && sameHost(normalized, host);
    }

    private static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            String hostHeader = host.toLowerCase(Locale.ROOT);
            String expected = uri.getHost() + ":" + port;
            boolean defaultPort = port == ("https".equals(uri.getScheme()) ? 443 : 80);
            return hostHeader.equals(expected) || (defaultPort && hostHeader.equals(uri.getHost()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String lower = origin.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
