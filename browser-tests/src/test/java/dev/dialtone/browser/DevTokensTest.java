package dev.dialtone.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.reference.DialtoneServer;
import dev.dialtone.reference.internal.ServeCommand;
import dev.dialtone.reference.internal.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The demo page's user buttons come from {@code /dev-tokens.json}, which {@code dialtone serve} serves only when it
 * made up its own secret: the same tokens it prints, never with a configured secret. The page and its scripts are
 * served with types a browser runs (a module script needs a JavaScript type).
 */
class DevTokensTest {

    private static final Pattern USER = Pattern.compile(
            "\\{\"user_id\":(\\d+),\"name\":\"(\\w+)\",\"token\":\"([\\w.-]+)\"}");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void madeUpSecret_servesThePrintedTokens_andThePageWithItsScripts() throws Exception {
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        try (DialtoneServer server = start(List.of("--port", "0"), banner)) {
            HttpResponse<String> tokens = get(server, "/dev-tokens.json");
            assertEquals(200, tokens.statusCode());
            assertTrue(tokens.headers().firstValue("content-type").orElse("").startsWith("application/json"));
            assertEquals("no-store", tokens.headers().firstValue("cache-control").orElse(""));
            Matcher users = USER.matcher(tokens.body());
            String printed = banner.toString(StandardCharsets.UTF_8);
            int count = 0;
            while (users.find()) {
                count++;
                assertTrue(printed.contains("user " + users.group(1) + " (" + users.group(2) + "): "
                        + users.group(3)), "the page's token of " + users.group(2) + " is the printed one");
            }
            assertEquals(2, count, tokens.body());
            assertTrue(printed.contains("/dev-tokens.json"), printed);

            HttpResponse<String> page = get(server, "/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script type=\"module\" src=\"app.js\">"), page.body());
            for (String script : List.of("/app.js", "/dialtone.js")) {
                HttpResponse<String> js = get(server, script);
                assertEquals(200, js.statusCode(), script);
                assertTrue(js.headers().firstValue("content-type").orElse("").contains("javascript"),
                        script + ": " + js.headers().map());
            }
            assertEquals(200, get(server, "/style.css").statusCode());
        }
    }

    @Test
    void configuredSecret_servesNoTokens() throws Exception {
        try (DialtoneServer server = start(List.of("--port", "0", "--jwt-secret",
                "a-configured-secret-of-at-least-32-bytes"), new ByteArrayOutputStream())) {
            assertEquals(404, get(server, "/dev-tokens.json").statusCode());
        }
    }

    private static DialtoneServer start(List<String> args, ByteArrayOutputStream out)
            throws UsageException, IOException {
        return ServeCommand.start(ServeCommand.parse(args, Map.of()),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(DialtoneServer server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.httpUri().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
