package dev.dialtone.bench.jmh;

import dev.dialtone.bench.Payloads;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallInfo;
import dev.dialtone.protocol.CallInput;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SessionRef;
import dev.dialtone.protocol.Signal;
import dev.dialtone.protocol.Transition;
import dev.dialtone.protocol.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The pure call machine's transitions: a relay in a connected call, and an answer of a ringing call. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MachineBenchmark {

    private final CallMachine machine = CallMachine.withDefaults();
    private final Instant start = Instant.parse("2026-11-20T10:15:30.250Z");
    private final SessionRef caller = new SessionRef(UserId.of(1), "s-caller");
    private final SessionRef callee = new SessionRef(UserId.of(2), "s-callee");
    private final CallInfo info =
            new CallInfo(CallId.of("call-1"), caller.user(), "alice", callee.user(), CallType.AUDIO, start);
    private final CallState connected = new CallState.Connected(info, caller, callee, start.plusSeconds(2), Set.of());
    private final CallState ringing = new CallState.Ringing(info, caller, List.of(callee), List.of(), Set.of());
    private final CallInput relay = new CallInput.SignalRequested(caller, null,
            new Signal.Candidate(OpaqueJson.of(Payloads.CANDIDATE)), start.plusSeconds(3));
    private final CallInput answer =
            new CallInput.AnswerRequested(callee, null, OpaqueJson.of(Payloads.ANSWER), start.plusSeconds(2));

    @Benchmark
    public Transition relayInConnected() {
        return machine.apply(connected, relay);
    }

    @Benchmark
    public Transition answerRinging() {
        return machine.apply(ringing, answer);
    }
}
