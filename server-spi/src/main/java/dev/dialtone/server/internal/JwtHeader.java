package dev.dialtone.server.internal;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.io.Decoders;
import io.jsonwebtoken.io.Deserializer;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The parts of a compact JWS's protected header the authenticator chooses a key by, read <em>before</em> any
 * signature is checked. Nothing here is trusted: the header only selects which pinned key to try, and jjwt checks
 * the signature and, through {@link JwtVerifier}'s key locator, the algorithm again on its own reading of the header.
 *
 * @param algorithm the {@code alg} parameter, never null
 * @param keyId the {@code kid} parameter, or null
 */
public record JwtHeader(String algorithm, String keyId) {

    /**
     * Reads the header of {@code token}, which has exactly three dot-separated base64url parts.
     *
     * @throws JwtRefusal if the header is unreadable, has no string {@code alg}, or asks for what is not accepted
     *     (critical extensions, compression)
     */
    public static JwtHeader of(String token, Deserializer<Map<String, ?>> json) {
        String encoded = token.substring(0, token.indexOf('.'));
        if (encoded.isEmpty()) {
            throw new JwtRefusal("token has an empty header");
        }
        Object parsed;
        try {
            byte[] bytes = Decoders.BASE64URL.decode(encoded);
            try (Reader reader = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
                Deserializer<?> anyJson = json; // a JSON array or scalar must not fail a cast here
                parsed = anyJson.deserialize(reader);
            }
        } catch (JwtException | IllegalArgumentException | java.io.IOException e) {
            throw new JwtRefusal("token header is not base64url-encoded JSON");
        }
        if (!(parsed instanceof Map)) {
            throw new JwtRefusal("token header is not a JSON object");
        }
        Map<?, ?> header = (Map<?, ?>) parsed;
        Object alg = header.get("alg");
        if (!(alg instanceof String) || ((String) alg).isEmpty()) {
            throw new JwtRefusal("token header names no algorithm (alg)");
        }
        Object kid = header.get("kid");
        if (kid != null && !(kid instanceof String)) {
            throw new JwtRefusal("token key id (kid) is not a string");
        }
        if (header.containsKey("crit")) {
            throw new JwtRefusal("token header lists critical extensions (crit), which are not supported");
        }
        if (header.containsKey("zip")) {
            throw new JwtRefusal("compressed tokens (zip) are not accepted");
        }
        if (header.containsKey("enc")) {
            throw new JwtRefusal("encrypted tokens (JWE) are not accepted");
        }
        return new JwtHeader((String) alg, (String) kid);
    }
}
