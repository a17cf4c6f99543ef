package dev.dialtone.conformance;

import dev.dialtone.conformance.internal.tokens.CommandTokens;
import dev.dialtone.conformance.internal.tokens.PemKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where the kit gets the tokens (JWTs) its test users connect with. The kit makes up its users' ids (decimal numbers
 * such as {@code 480193327716}, and a few strings), so the source must give a valid token for any id.
 *
 * <p>With a key ({@link #hmacSecret}, {@link #privateKey}) the kit mints every token itself: its users' tokens (a
 * numeric id in a {@code user_id} claim as Django simplejwt writes it, a string id in {@code sub}, the display name in
 * {@code username}) and the hostile ones of rule R1.2 (expired, not yet valid, wrongly signed, key confusion ...).
 * Without one ({@link #command}, {@link #of}) the cases that need to forge a signed token are reported as untested.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows key material.
 */
public final class TokenSource {

    private final String description;
    private final Key signingKey;
    private final Function<String, String> tokens;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    private TokenSource(String description, Key signingKey, Function<String, String> tokens) {
        this.description = description;
        this.signingKey = signingKey;
        this.tokens = tokens;
    }

    /**
     * The server verifies HS256 tokens with this secret (its UTF-8 bytes, at least 32).
     *
     * @throws IllegalArgumentException if the secret is shorter than 32 bytes
     */
    public static TokenSource hmacSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalArgumentException("an HS256 secret has at least 32 bytes (256 bits); this one has "
                    + bytes.length);
        }
        return new TokenSource("HS256 secret", new SecretKeySpec(bytes, "HmacSHA256"), null);
    }

    /**
     * The server verifies RS256 (RSA key) or ES256 (EC P-256 key) tokens with the public half of this key.
     *
     * @throws IllegalArgumentException if the key is neither
     */
    public static TokenSource privateKey(PrivateKey key) {
        Objects.requireNonNull(key, "key");
        if (key instanceof RSAPrivateKey) {
            return new TokenSource("RS256 private key", key, null);
        }
        if (key instanceof ECPrivateKey) {
            return new TokenSource("ES256 private key", key, null);
        }
        throw new IllegalArgumentException("the private key is neither RSA (RS256) nor EC P-256 (ES256): "
                + key.getAlgorithm());
    }

    /**
     * Reads a PEM private key: PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) or SEC1
     * EC ({@code BEGIN EC PRIVATE KEY}).
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it holds no usable key
     */
    public static TokenSource privateKeyPem(Path file) throws IOException {
        return privateKey(PemKeys.readPrivateKey(Files.readString(file, StandardCharsets.US_ASCII)));
    }

    /**
     * Runs a shell command for each user and takes its output (the first non-empty line) as the token:
     * {@code {user}} in the template is replaced by the user id, quoted for the shell. For example
     * {@code "python manage.py mint_token {user}"}. Run with {@code sh -c}; it must finish within 30 s.
     */
    public static TokenSource command(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.contains("{user}")) {
            throw new IllegalArgumentException("the token command has no {user} placeholder: " + template);
        }
        return new TokenSource("token command '" + template + "'", null, new CommandTokens(template));
    }

    /** Tokens from your own code: {@code tokens.apply(userId)} returns a valid token for that user. */
    public static TokenSource of(Function<String, String> tokens) {
        return new TokenSource("custom token source", null, Objects.requireNonNull(tokens, "tokens"));
    }

    /**
     * A valid token for {@code userId} from a source without a key (command or custom); sources with a key mint
     * their tokens through the kit.
     *
     * @throws IllegalStateException if the source fails
     */
    public String issuedToken(String userId) {
        if (tokens == null) {
            throw new IllegalStateException(description + " mints its tokens in the kit");
        }
        return cache.computeIfAbsent(userId, id -> {
            String token = tokens.apply(id);
            if (token == null || token.isBlank()) {
                throw new IllegalStateException(description + " gave no token for user " + id);
            }
            return token.trim();
        });
    }

    /** Whether the kit can sign tokens (its users' and hostile ones) itself. */
    public boolean canSign() {
        return signingKey != null;
    }

    /** The key the kit signs with: a {@link javax.crypto.SecretKey} for HS256, a {@link PrivateKey} otherwise. */
    public Optional<Key> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** What kind of source this is; never key material. */
    @Override
    public String toString() {
        return description;
    }
}
