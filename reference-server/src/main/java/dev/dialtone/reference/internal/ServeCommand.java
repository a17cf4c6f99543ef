package dev.dialtone.reference.internal;

import dev.dialtone.protocol.UserId;
import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtAuthenticator.Algorithm;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.OriginPolicy;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.jdbc.JdbcCallRecordStore;
import dev.dialtone.server.jdbc.RecordStoreException;
import dev.dialtone.server.redis.RedisCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code dialtone serve}: runs the reference server until it is stopped. */
public final class ServeCommand {

    /** The lifetime of the tokens printed when the server makes up its own secret. */
    public static final Duration DEMO_TOKEN_TTL = Duration.ofHours(12);

    /** Where the page finds the printed tokens; served only when the server made up its own secret. */
    public static final String DEV_TOKENS_PATH = "/dev-tokens.json";

    private static final Set<String> VALUED = Set.of("--port", "--bind", "--jwt-secret", "--jwt-public-key",
            "--ring-timeout-ms", "--allowed-origin", "--db", "--redis", "--node-id");
    private static final Set<String> REPEATABLE = Set.of("--allowed-origin");
    private static final Set<String> FLAGS = Set.of("--verbose");

    /** The usage text of {@code serve}. */
    public static final String USAGE = """
            Usage: dialtone serve [options]

            Runs a Dialtone signaling server: the WebSocket endpoint at /ws/call/ and a page at /.
            Stop it with Ctrl-C (or SIGTERM): live calls end with call_ended server_shutdown.

            Options (each also read from the environment variable shown; an option wins over it):
              --port N                 port to listen on; 0 = any free port      DIALTONE_PORT (default 8080)
              --bind ADDRESS           address to bind; 0.0.0.0 = every one      DIALTONE_BIND (default 127.0.0.1)
              --jwt-secret S           HS256 secret (at least 32 bytes)          DIALTONE_JWT_SECRET
              --jwt-public-key FILE    PEM public key: RSA -> RS256, EC -> ES256 DIALTONE_JWT_PUBLIC_KEY
              --ring-timeout-ms N      how long a call rings                     DIALTONE_RING_TIMEOUT_MS (default 30000)
              --allowed-origin O       a browser Origin allowed besides the      DIALTONE_ALLOWED_ORIGINS
                                       server's own; repeatable; * = any         (comma-separated)
              --db DIR|JDBC-URL        keep call records in a database: an H2    DIALTONE_DB (default: in
                                       folder (created), or jdbc:postgresql://   memory, lost on exit)
                                       with DIALTONE_DB_USER, DIALTONE_DB_PASSWORD
              --redis URI              join a cluster of nodes sharing this      DIALTONE_REDIS (default: no
                                       Redis (redis://host:port)                 cluster, a single node)
              --node-id ID             this node's id in the cluster, unique     DIALTONE_NODE_ID (default:
                                       ([A-Za-z0-9._-], at most 64)              host name and process id)
              --verbose                log every connection and call
              -h, --help               this text

            Without a secret or key the server makes up a secret for this run and prints
            two tokens (users 1 "alice" and 2 "bob", valid 12 h) to try it with.
            """;

    private ServeCommand() {
    }

    /**
     * What {@code serve} was asked to do.
     *
     * @param help whether only the usage is wanted
     * @param verbose whether debug lines are logged
     * @param host the address to bind
     * @param port the port
     * @param jwtSecret the HS256 secret; null when a public key is given or a secret is to be made up
     * @param jwtPublicKey the PEM file; null when none
     * @param ringTimeout null for the default
     * @param allowedOrigins origins allowed besides the server's own
     * @param database where call records are kept; null for memory
     * @param redisUri the Redis of the cluster to join; null for a single node
     * @param nodeId this node's id in the cluster; null unless {@code redisUri} is given
     */
    public record Options(boolean help, boolean verbose, String host, int port, String jwtSecret, Path jwtPublicKey,
            Duration ringTimeout, List<String> allowedOrigins, Database database, String redisUri, String nodeId) {
    }

    /**
     * The call-record database of {@code --db}.
     *
     * @param location an H2 folder, or a JDBC URL ({@code jdbc:...})
     * @param user the database user (DIALTONE_DB_USER); null for none
     * @param password the password (DIALTONE_DB_PASSWORD); null for none
     */
    public record Database(String location, String user, String password) {

        /** The location without URL parameters, which may hold a password. */
        public String shown() {
            int query = location.indexOf('?');
            return query < 0 ? location : location.substring(0, query);
        }

        /** Without the password. */
        @Override
        public String toString() {
            return "Database[" + shown() + (user == null ? "" : ", user " + user) + "]";
        }
    }

    /**
     * Reads the options and the environment.
     *
     * @throws UsageException if an option is unknown or a value malformed
     */
    public static Options parse(List<String> args, Map<String, String> env) throws UsageException {
        CommandLine line = CommandLine.parse("serve", args, VALUED, REPEATABLE, FLAGS);
        if (line.has("--help")) {
            return new Options(true, false, DialtoneServer.DEFAULT_HOST, DialtoneServer.DEFAULT_PORT, null, null,
                    null, List.of(), null, null, null);
        }
        String portText = line.valueOrEnv("--port", env, "DIALTONE_PORT");
        int port = portText == null ? DialtoneServer.DEFAULT_PORT : wholeNumber("port", portText, 0, 65535);
        String host = line.valueOrEnv("--bind", env, "DIALTONE_BIND");
        if (host == null) {
            host = DialtoneServer.DEFAULT_HOST;
        }
        String secret;
        String keyFile;
        if (line.has("--jwt-secret") || line.has("--jwt-public-key")) {
            secret = line.value("--jwt-secret");
            keyFile = line.value("--jwt-public-key");
        } else {
            secret = line.valueOrEnv("--jwt-secret", env, "DIALTONE_JWT_SECRET");
            keyFile = line.valueOrEnv("--jwt-public-key", env, "DIALTONE_JWT_PUBLIC_KEY");
        }
        if (secret != null && keyFile != null) {
            throw new UsageException("give either a JWT secret or a JWT public key, not both");
        }
        String ringText = line.valueOrEnv("--ring-timeout-ms", env, "DIALTONE_RING_TIMEOUT_MS");
        Duration ringTimeout = ringText == null ? null
                : Duration.ofMillis(wholeNumber("ring timeout (ms)", ringText, 1, Integer.MAX_VALUE));
        List<String> origins = new ArrayList<>();
        if (line.has("--allowed-origin")) {
            origins.addAll(line.all("--allowed-origin"));
        } else {
            String fromEnv = env.get("DIALTONE_ALLOWED_ORIGINS");
            if (fromEnv != null) {
                for (String origin : fromEnv.split(",")) {
                    origins.add(origin);
                }
            }
        }
        origins.replaceAll(String::trim);
        origins.removeIf(String::isEmpty);
        String db = line.valueOrEnv("--db", env, "DIALTONE_DB");
        Database database = db == null || db.isBlank() ? null
                : new Database(db.trim(), env.get("DIALTONE_DB_USER"), env.get("DIALTONE_DB_PASSWORD"));
        String redis = blankToNull(line.valueOrEnv("--redis", env, "DIALTONE_REDIS"));
        String nodeId = blankToNull(line.valueOrEnv("--node-id", env, "DIALTONE_NODE_ID"));
        if (redis == null && line.has("--node-id")) {
            throw new UsageException("--node-id names a node of a cluster: give --redis too");
        }
        if (redis != null && nodeId == null) {
            nodeId = defaultNodeId();
        }
        return new Options(false, line.has("--verbose"), host, port, secret,
                keyFile == null ? null : Path.of(keyFile), ringTimeout, List.copyOf(origins), database, redis,
                redis == null ? null : nodeId);
    }

    /**
     * Starts the server and prints where it is (and, with a made-up secret, tokens to try it with) to {@code out}.
     *
     * @throws UsageException if the key or secret cannot be used
     * @throws IOException if the address cannot be bound
     */
    public static DialtoneServer start(Options options, PrintStream out) throws UsageException, IOException {
        JwtAuthenticator.Builder auth = JwtAuthenticator.builder();
        String madeUpSecret = null;
        if (options.jwtPublicKey() != null) {
            PemPublicKeys.TypedKey key = readKey(options.jwtPublicKey());
            auth.publicKey(key.key(), key.algorithm());
        } else {
            String secret = options.jwtSecret();
            if (secret == null) {
                madeUpSecret = randomSecret();
                secret = madeUpSecret;
            }
            auth.hmacSecret(secret, Algorithm.HS256);
        }
        JwtAuthenticator authenticator;
        try {
            authenticator = auth.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException("the JWT key cannot be used: " + e.getMessage());
        }
        SignalingEngine.Builder engine = SignalingEngine.builder()
                .authenticator(authenticator)
                .origins(new OriginPolicy(Set.copyOf(options.allowedOrigins())));
        if (options.ringTimeout() != null) {
            engine.ringTimeout(options.ringTimeout());
        }
        RedisCluster cluster = options.redisUri() == null ? null : joinCluster(options);
        if (cluster != null) {
            cluster.configure(engine);
        }
        JdbcCallRecordStore records;
        try {
            records = options.database() == null ? null : openRecords(options.database());
        } catch (IOException | RuntimeException e) {
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        DialtoneServer.Builder builder = DialtoneServer.builder()
                .engine(engine)
                .host(options.host())
                .port(options.port());
        List<DevUser> devUsers = madeUpSecret == null ? List.of() : devUsers(madeUpSecret);
        if (!devUsers.isEmpty()) {
            // Only with a made-up secret (dev mode): the page offers these users as buttons.
            builder.file(DEV_TOKENS_PATH, "application/json", devTokensJson(devUsers));
        }
        if (cluster != null) {
            builder.closing(cluster); // leaves the cluster after the engine's shutdown has ended this node's calls
        }
        if (records != null) {
            engine.recordStore(records);
            builder.closing(records); // after the engine's shutdown has saved the records of live calls
        }
        DialtoneServer server;
        try {
            server = builder.build();
        } catch (RuntimeException e) {
            if (records != null) {
                records.close();
            }
            if (cluster != null) {
                cluster.close();
            }
            throw e;
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        printBanner(server, options, madeUpSecret, devUsers, out);
        return server;
    }

    /** A user whose token the server mints when it made up its own secret. */
    private record DevUser(long id, String name, String token) {
    }

    private static List<DevUser> devUsers(String madeUpSecret) {
        JwtTokens tokens = JwtTokens.builder()
                .hmacSecret(madeUpSecret, Algorithm.HS256)
                .userIdClaim("user_id")
                .ttl(DEMO_TOKEN_TTL)
                .build();
        return List.of(new DevUser(1, "alice", tokens.mint(UserId.of(1), "alice")),
                new DevUser(2, "bob", tokens.mint(UserId.of(2), "bob")));
    }

    /** {@code {"users":[{"user_id":1,"name":"alice","token":"..."},...]}}: names are plain words, tokens base64url. */
    private static byte[] devTokensJson(List<DevUser> users) {
        StringBuilder json = new StringBuilder("{\"users\":[");
        for (DevUser user : users) {
            if (json.charAt(json.length() - 1) == '}') {
                json.append(',');
            }
            json.append("{\"user_id\":").append(user.id()).append(",\"name\":\"").append(user.name())
                    .append("\",\"token\":\"").append(user.token()).append("\"}");
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void printBanner(DialtoneServer server, Options options, String madeUpSecret,
            List<DevUser> devUsers, PrintStream out) {
        String ws = server.webSocketUri().toString();
        out.println("Dialtone signaling server is running.");
        out.println("  page:      " + server.httpUri());
        out.println("  websocket: " + ws + "?token=<JWT>");
        if (options.database() != null) {
            out.println("  records:   " + options.database().shown());
        }
        if (options.redisUri() != null) {
            out.println("  cluster:   node " + options.nodeId() + " on " + shownRedis(options.redisUri()));
        }
        if (options.jwtPublicKey() != null) {
            out.println("  tokens:    signed by the private key of " + options.jwtPublicKey() + " ("
                    + "RS256 or ES256), with a sub or user_id claim");
        } else if (madeUpSecret != null) {
            out.println();
            out.println("No JWT secret given: this run uses a random one. To keep it (and mint more tokens with");
            out.println("'dialtone token --user ID'), export it:");
            out.println("  export DIALTONE_JWT_SECRET=" + madeUpSecret);
            out.println();
            out.println("Tokens (HS256, valid " + DEMO_TOKEN_TTL.toHours() + " h):");
            for (DevUser user : devUsers) {
                printUser(out, ws, String.valueOf(user.id()), user.name(), user.token());
            }
            out.println();
            out.println("Open " + server.httpUri() + " in two browser windows and pick alice in one, bob in the");
            out.println("other (the page gets these tokens from " + DEV_TOKENS_PATH + ", served in this mode only).");
        } else {
            out.println("  tokens:    HS256 with the configured secret; mint one with 'dialtone token --user ID'");
        }
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** Joins the cluster of {@code --redis} as node {@code --node-id}. */
    private static RedisCluster joinCluster(Options options) throws UsageException, IOException {
        try {
            return RedisCluster.builder().redisUri(options.redisUri()).nodeId(options.nodeId()).start();
        } catch (IllegalStateException e) {
            throw new UsageException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IOException("cannot join the cluster at " + shownRedis(options.redisUri()) + ": "
                    + e.getMessage(), e);
        }
    }

    /** A Redis URI without its password. */
    static String shownRedis(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    /** The host name and process id, as a node id. */
    static String defaultNodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        String id = (host + "-" + ProcessHandle.current().pid()).replaceAll("[^A-Za-z0-9._-]", "-");
        return id.length() <= 64 ? id : id.substring(id.length() - 64);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** Opens the call-record store of {@code --db}: a JDBC URL, or else a folder for an embedded H2 database. */
    private static JdbcCallRecordStore openRecords(Database database) throws IOException {
        try {
            return database.location().startsWith("jdbc:")
                    ? JdbcCallRecordStore.open(database.location(), database.user(), database.password())
                    : JdbcCallRecordStore.openH2(Path.of(database.location()));
        } catch (RecordStoreException | IllegalArgumentException | UncheckedIOException e) {
            throw new IOException("cannot open the call-record database " + database.shown() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void printUser(PrintStream out, String ws, String id, String name, String token) {
        out.println("  user " + id + " (" + name + "): " + token);
        out.println("    " + ws + "?token=" + token);
    }

    private static PemPublicKeys.TypedKey readKey(Path file) throws UsageException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UsageException("cannot read the JWT public key " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        try {
            return PemPublicKeys.read(pem);
        } catch (IllegalArgumentException e) {
            throw new UsageException("the JWT public key " + file + " cannot be used: " + e.getMessage());
        }
    }

    /** 32 random bytes as base64url text; the text's bytes are the HS256 secret, so it can be passed on as is. */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static int wholeNumber(String what, String text, int min, int max) throws UsageException {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(what + " '" + text + "' is not a whole number from " + min + " to " + max);
    }
}
