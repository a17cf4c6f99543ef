package dev.dialtone.reference.internal;

import dev.dialtone.protocol.UserId;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code dialtone token}: prints one HS256 token that a server with the same secret accepts. */
public final class TokenCommand {

    private static final Set<String> VALUED = Set.of("--user", "--name", "--secret", "--ttl");

    /** The usage text of {@code token}. */
    public static final String USAGE = """
            Usage: dialtone token --user ID [--name NAME] [--secret S] [--ttl 1h]

            Prints one HS256 token (a signed JWT) for a server started with the same secret.

            Options:
              --user ID     the user: a whole number goes in a numeric user_id claim (as Django
                            simplejwt writes it), anything else in sub
              --name NAME   display name (username claim), shown to callees as caller_username
              --secret S    the server's HS256 secret; default $DIALTONE_JWT_SECRET
              --ttl T       how long the token is valid: 90s, 15m, 1h (default), 7d, or ISO (PT1H)
              -h, --help    this text
            """;

    private TokenCommand() {
    }

    /**
     * Mints the token; returns null when only the usage is wanted.
     *
     * @throws UsageException if an option is unknown, missing or malformed
     */
    public static String run(List<String> args, Map<String, String> env) throws UsageException {
        CommandLine line = CommandLine.parse("token", args, VALUED, Set.of(), Set.of());
        if (line.has("--help")) {
            return null;
        }
        String user = line.value("--user");
        if (user == null || user.isEmpty()) {
            throw new UsageException("--user ID is required");
        }
        String secret = line.valueOrEnv("--secret", env, "DIALTONE_JWT_SECRET");
        if (secret == null) {
            throw new UsageException("no secret: give --secret S or set DIALTONE_JWT_SECRET (the secret the server "
                    + "was started with)");
        }
        Duration ttl = Duration.ofHours(1);
        if (line.value("--ttl") != null) {
            try {
                ttl = Durations.parsePositive(line.value("--ttl"));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--ttl: " + e.getMessage());
            }
        }
        UserId id;
        try {
            id = userId(user);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--user: " + e.getMessage());
        }
        JwtTokens tokens;
        try {
            tokens = JwtTokens.builder()
                    .hmacSecret(secret, Algorithm.HS256)
                    .userIdClaim(id.numeric() ? "user_id" : "sub")
                    .ttl(ttl)
                    .build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException("the secret cannot be used: " + e.getMessage());
        }
        return tokens.mint(id, line.value("--name"));
    }

    /** A whole number in the 64-bit range, in canonical form, is a numeric id; anything else a string id. */
    static UserId userId(String text) {
        if (text.matches("-?[0-9]{1,19}")) {
            BigInteger number = new BigInteger(text);
            if (number.toString().equals(text) && number.bitLength() < 64) {
                return UserId.ofNumber(number);
            }
        }
        return UserId.of(text);
    }
}
