package dev.dialtone.conformance.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dialtone.conformance.TokenSource;
import dev.dialtone.conformance.internal.tokens.Jwts;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user the kit made up for one case: an id (a 12-digit number, or a string), a display name, and its token. The
 * kit knows how the server must echo the id (R1.4): a numeric {@code user_id} claim as a number, {@code sub} as a
 * string.
 */
public final class KitUser {

    private final TokenSource tokens;
    private final String name;
    private final String id;
    private final boolean numeric;
    private volatile String token;
    private volatile JsonNode rendered;
    private volatile String displayName;

    KitUser(TokenSource tokens, String name, String id, boolean numeric) {
        this.tokens = tokens;
        this.name = name;
        this.id = id;
        this.numeric = numeric;
    }

    /** The kit's name for the user ({@code alice}), also its display name in minted tokens. */
    public String name() {
        return name;
    }

    /** The id's text. */
    public String id() {
        return id;
    }

    /** The id as the kit writes it in actions: a number for a numeric id, else a string. */
    public JsonNode idNode() {
        return numeric ? LongNode.valueOf(Long.parseLong(id)) : TextNode.valueOf(id);
    }

    /** The id as the server must write it in events about this user's own actions and welcome (R1.4). */
    public JsonNode rendered() {
        token();
        return rendered;
    }

    /** The display name the server must send as {@code caller_username} (R1.4). */
    public String displayName() {
        token();
        return displayName;
    }

    /** A valid token for this user. */
    public String token() {
        String known = token;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (token == null) {
                if (tokens.canSign()) {
                    token = Jwts.sign(tokens.signingKey().orElseThrow(), claims(Instant.now(), Duration.ofHours(1)));
                    rendered = idNode();
                    displayName = name;
                } else {
                    token = tokens.issuedToken(id);
                    Map<String, Object> claims = Jwts.claimsOf(token);
                    Object sub = claims.get("sub");
                    Object userId = claims.get("user_id");
                    if (sub instanceof JsonNode subNode && !subNode.isNull()) {
                        rendered = TextNode.valueOf(subNode.asText());
                    } else if (userId instanceof JsonNode userIdNode && !userIdNode.isNull()) {
                        rendered = userIdNode;
                    } else {
                        rendered = idNode();
                    }
                    Object username = claims.get("username");
                    Object fullName = claims.get("name");
                    if (username instanceof JsonNode u && u.isTextual()) {
                        displayName = u.asText();
                    } else if (fullName instanceof JsonNode n && n.isTextual()) {
                        displayName = n.asText();
                    } else {
                        displayName = rendered.asText();
                    }
                }
            }
            return token;
        }
    }

    /** Whether the kit mints this user's tokens itself (so it can also forge hostile ones). */
    public boolean canSign() {
        return tokens.canSign();
    }

    /** The key the kit signs with; only when {@link #canSign()}. */
    public Key key() {
        return tokens.signingKey().orElseThrow(() -> new Untested("the token source has no key to sign with"));
    }

    /**
     * The claims of this user's tokens: the id ({@code user_id} number or {@code sub} string), {@code username},
     * {@code iat} and {@code exp}.
     */
    public Map<String, Object> claims(Instant now, Duration ttl) {
        Map<String, Object> claims = new LinkedHashMap<>();
        if (numeric) {
            claims.put("user_id", Long.parseLong(id));
        } else {
            claims.put("sub", id);
        }
        claims.put("username", name);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        return claims;
    }

    /** A token with exactly these claims, signed with the kit's key. */
    public String sign(Map<String, Object> claims) {
        return Jwts.sign(key(), claims);
    }

    @Override
    public String toString() {
        return name + "(" + id + ")";
    }

    /** A valid token for a user the kit made up earlier (for a replay). */
    public static String tokenFor(TokenSource tokens, String name, String id, boolean numeric) {
        return new KitUser(tokens, name, id, numeric).token();
    }
}
