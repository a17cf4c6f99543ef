package dev.dialtone.conformance.internal.wire;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to open one connection: the endpoint, the query parameters and the handshake headers, exactly. A null header
 * value removes a header the WebSocket client would send by itself (such as {@code Origin}).
 *
 * @param endpoint the server's WebSocket URL without a query ({@code ws://host:port/ws/call/})
 * @param query query parameters, in order; values are URL-encoded when the URL is built
 * @param headers handshake headers to set (null value: remove)
 */
public record ConnectSpec(URI endpoint, Map<String, String> query, Map<String, String> headers) {

    /** Copies the maps. */
    public ConnectSpec {
        Objects.requireNonNull(endpoint, "endpoint");
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** A spec with no query and no headers besides removing {@code Origin} (a non-browser client sends none). */
    public static ConnectSpec to(URI endpoint) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Origin", null);
        return new ConnectSpec(endpoint, Map.of(), headers);
    }

    /** This spec with one more query parameter (replacing one of the same name). */
    public ConnectSpec withQuery(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(query);
        next.put(name, value);
        return new ConnectSpec(endpoint, next, headers);
    }

    /** This spec with a header set (null: removed). */
    public ConnectSpec withHeader(String name, String value) {
        Map<String, String> next = new LinkedHashMap<>(headers);
        next.put(name, value);
        return new ConnectSpec(endpoint, query, next);
    }

    /** The full URL. */
    public URI uri() {
        if (query.isEmpty()) {
            return endpoint;
        }
        StringBuilder url = new StringBuilder(endpoint.toString());
        url.append(endpoint.getRawQuery() == null ? '?' : '&');
        boolean first = true;
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            if (!first) {
                url.append('&');
            }
            first = false;
            url.append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
        }
        return URI.create(url.toString());
    }

    /** The URL for logs and reports: token and resume token values are shortened, never written whole. */
    public String describe() {
        StringBuilder text = new StringBuilder(endpoint.toString());
        char separator = '?';
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            text.append(separator).append(parameter.getKey()).append('=').append(secret(parameter.getKey(),
                    parameter.getValue()));
            separator = '&';
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getValue() != null) {
                text.append("  [").append(header.getKey()).append(": ")
                        .append(secret(header.getKey(), header.getValue())).append(']');
            }
        }
        return text.toString();
    }

    private static String secret(String name, String value) {
        if (value == null) {
            return "";
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if ((lower.equals("token") || lower.equals("resume_token") || lower.equals("authorization"))
                && value.length() > 16) {
            return value.substring(0, 10) + "...(" + value.length() + " chars)";
        }
        return value;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
