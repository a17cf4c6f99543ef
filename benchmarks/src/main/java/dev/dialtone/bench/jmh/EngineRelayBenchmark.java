package dev.dialtone.bench.jmh;

import dev.dialtone.protocol.CloseCode;
import dev.dialtone.protocol.UserId;
import dev.dialtone.server.ConnectRequest;
import dev.dialtone.server.Connection;
import dev.dialtone.server.JwtAuthenticator;
import dev.dialtone.server.JwtTokens;
import dev.dialtone.server.SignalingEngine;
import dev.dialtone.server.Transport;
import dev.dialtone.server.spi.RateLimitPolicy;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's in-process relay path: a {@link SignalingEngine} with two connections in a connected call over no-op
 * transports; one {@code ice_candidate} frame in from the caller, one {@code ice_candidate} frame out to the callee
 * (decode, call lookup, machine, encode with seq, outbox). No network.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineRelayBenchmark {

    private static final String SECRET = "benchmark-secret-of-at-least-32-bytes!!";
    private static final Pattern CALL_ID = Pattern.compile("\"call_id\":\"([^\"]+)\"");

    private SignalingEngine engine;
    private Connection caller;
    private CountingTransport calleeOut;
    private String iceFrame;

    @Setup(Level.Trial)
    public void connectAndCall() {
        engine = SignalingEngine.builder()
                .authenticator(JwtAuthenticator.builder().hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build())
                .rateLimit(RateLimitPolicy.unlimited())
                .maxMessagesPerSecond(Integer.MAX_VALUE)
                .build();
        JwtTokens tokens = JwtTokens.builder().hmacSecret(SECRET, JwtAuthenticator.Algorithm.HS256).build();
        CountingTransport callerOut = new CountingTransport();
        calleeOut = new CountingTransport();
        caller = engine.connect(ConnectRequest.withToken(tokens.mint(UserId.of(1), "alice")), callerOut);
        Connection callee = engine.connect(ConnectRequest.withToken(tokens.mint(UserId.of(2), "bob")), calleeOut);
        caller.receive("{\"action\":\"start_call\",\"callee_id\":2}");
        Matcher m = CALL_ID.matcher(calleeOut.last);
        if (!calleeOut.last.contains("incoming_call") || !m.find()) {
            throw new IllegalStateException("no incoming_call: " + calleeOut.last);
        }
        String callId = m.group(1);
        callee.receive("{\"action\":\"answer_call\",\"call_id\":\"" + callId + "\"}");
        if (!callerOut.last.contains("call_answered")) {
            throw new IllegalStateException("no call_answered: " + callerOut.last);
        }
        iceFrame = CodecBenchmark.ICE_FRAME.replace(CodecBenchmark.CALL_ID, callId);
        caller.receive(iceFrame);
        if (!calleeOut.last.startsWith("{\"type\":\"ice_candidate\"")) {
            throw new IllegalStateException("not relayed: " + calleeOut.last);
        }
    }

    @TearDown(Level.Trial)
    public void shutdown() {
        engine.shutdown();
    }

    /** One frame in, one frame out; returns the callee's frame count so that nothing is dead code. */
    @Benchmark
    public long relayIceCandidate() {
        caller.receive(iceFrame);
        return calleeOut.frames;
    }

    /** Records the last frame; counts frames. */
    static final class CountingTransport implements Transport {
        volatile String last = "";
        long frames;

        @Override
        public void send(String frame) {
            last = frame;
            frames++;
        }

        @Override
        public void sendPing() {
        }

        @Override
        public void close(CloseCode code) {
        }
    }
}
