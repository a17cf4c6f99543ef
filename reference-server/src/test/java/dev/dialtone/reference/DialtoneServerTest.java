package dev.dialtone.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dialtone.server.SignalingEngine;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The embedded container: binding, the page at {@code /}, and a graceful close (R6.6, R8.14). */
class DialtoneServerTest {

    private static DialtoneServer.Builder server() {
        return DialtoneServer.builder()
                .engine(SignalingEngine.builder().authenticator(TestTokens.authenticator()))
                .port(0);
    }

    @Test
    void portZeroBindsAFreeLoopbackPortAndNamesIt() throws IOException {
        try (DialtoneServer first = server().build().start(); DialtoneServer second = server().build().start()) {
            assertTrue(first.port() > 0);
            assertNotEquals(first.port(), second.port());
            assertEquals(URI.create("ws://127.0.0.1:" + first.port() + "/ws/call/"), first.webSocketUri());
            assertEquals(URI.create("http://127.0.0.1:" + first.port() + "/"), first.httpUri());
            assertTrue(first.isRunning());
        }
    }

    @Test
    void listensOnTheGivenAddressOnly() throws IOException {
        try (DialtoneServer server = server().host("127.0.0.1").build().start()) {
            assertTrue(canConnect(InetAddress.getLoopbackAddress(), server.port()));
            for (InetAddress other : otherLocalAddresses()) {
                assertFalse(canConnect(other, server.port()),
                        () -> "a server bound to 127.0.0.1 accepts connections on " + other);
            }
        }
    }

    @Test
    void theSamePortTwiceIsAnIoException() throws IOException {
        try (DialtoneServer server = server().build().start()) {
            DialtoneServer clash = server().port(server.port()).build();
            assertThrows(IOException.class, clash::start);
            assertFalse(clash.isRunning());
            clash.close();
            Calls.assertNormalCallWorks(server.webSocketUri());
        }
    }

    @Test
    void servesThePageAtTheRoot() throws IOException, InterruptedException {
        try (DialtoneServer server = server().build().start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.httpUri()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"),
                    page.headers()::toString);
            assertTrue(page.body().contains("Dialtone signaling server"), page::body);
            assertTrue(page.body().contains("/ws/call/?token="), page::body);

            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(server.httpUri().resolve("/nope.html"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
        }
    }

    @Test
    void R6_6_closeEndsLiveCallsWithServerShutdownThenCloses1001() throws IOException {
        DialtoneServer server = server().build().start();
        URI ws = server.webSocketUri();
        TestUser alice = TestUser.fresh("alice");
        TestUser bob = TestUser.fresh("bob");
        TestUser carol = TestUser.fresh("carol");
        TestUser dave = TestUser.fresh("dave");
        TestUser idle = TestUser.fresh("erin");
        try (TestClient a = alice.connect(ws); TestClient b = bob.connect(ws); TestClient c = carol.connect(ws);
                TestClient d = dave.connect(ws); TestClient e = idle.connect(ws)) {
            a.send("{\"action\": \"start_call\", \"callee_id\": %d}".formatted(bob.id()));
            String connected = a.expect("call_ringing").path("call_id").asText();
            b.expect("incoming_call");
            b.send("{\"action\": \"answer_call\", \"call_id\": \"%s\"}".formatted(connected));
            a.expect("call_answered");
            c.send("{\"action\": \"start_call\", \"callee_id\": %d}".formatted(dave.id()));
            String ringing = c.expect("call_ringing").path("call_id").asText();
            d.expect("incoming_call");

            server.close();

            for (TestClient party : List.of(a, b)) {
                party.expect("call_ended", "{\"call_id\": \"%s\", \"reason\": \"server_shutdown\"}"
                        .formatted(connected));
                party.expectClose(1001);
            }
            for (TestClient party : List.of(c, d)) {
                party.expect("call_ended", "{\"call_id\": \"%s\", \"reason\": \"server_shutdown\"}"
                        .formatted(ringing));
                party.expectClose(1001);
            }
            e.expectClose(1001);
            assertTrue(e.pending().isEmpty(), () -> "an idle session got " + e.pending());
        }
        assertFalse(server.isRunning());
        server.close();
    }

    @Test
    void builderNamesWhatIsMissing() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> DialtoneServer.builder().port(70000).host(" ").build());
        assertTrue(missing.getMessage().contains("engine is missing"), missing::getMessage);
        assertTrue(missing.getMessage().contains("port is 70000"), missing::getMessage);
        assertTrue(missing.getMessage().contains("host is missing"), missing::getMessage);
    }

    @Test
    void aServerStartsOnce() throws IOException {
        DialtoneServer server = server().build().start();
        assertThrows(IllegalStateException.class, server::start);
        server.close();
        assertThrows(IllegalStateException.class, server::start);
        assertThrows(IllegalStateException.class, server::port);
    }

    private static boolean canConnect(InetAddress address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (ConnectException | SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // "network unreachable" and the like: not accepted either
            return false;
        }
    }

    /** This machine's addresses other than loopback (none on a machine without a network). */
    private static List<InetAddress> otherLocalAddresses() throws SocketException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                boolean linkLocalV6 = address instanceof Inet6Address && address.isLinkLocalAddress();
                if (!address.isLoopbackAddress() && !linkLocalV6) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }
}
