package dev.dialtone.bench.jmh;

import dev.dialtone.bench.Payloads;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.DecodeResult;
import dev.dialtone.protocol.IceCandidateRelayed;
import dev.dialtone.protocol.IncomingCall;
import dev.dialtone.protocol.OfferRelayed;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SendIceCandidate;
import dev.dialtone.protocol.SendOffer;
import dev.dialtone.protocol.StartCall;
import dev.dialtone.protocol.UserId;
import dev.dialtone.protocol.WireCodec;
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

/**
 * The codec per message type: decoding the action a client sends, encoding the event the server sends for it, and
 * both together (what the server's codec does per relayed message). {@code iceCandidateDecodeEncode} is the figure
 * the target ({@code <= 1 us}) is about.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

    public static final String CALL_ID = "Z3bqP1o9x2Lr8kVd0aTq5w";

    /** What a client sends: one frame per message type. */
    public static final String ICE_FRAME = "{\"action\":\"ice_candidate\",\"peer_id\":2,\"candidate\":"
            + Payloads.CANDIDATE + ",\"call_id\":\"" + CALL_ID + "\"}";
    public static final String OFFER_FRAME = "{\"action\":\"offer\",\"callee_id\":2,\"offer\":" + Payloads.OFFER
            + ",\"call_id\":\"" + CALL_ID + "\"}";
    public static final String START_FRAME = "{\"action\":\"start_call\",\"callee_id\":2,\"call_type\":\"video\"}";

    private final WireCodec codec = WireCodec.standard();
    private final UserId sender = UserId.of(1);
    private final CallId callId = CallId.of(CALL_ID);
    private final IceCandidateRelayed iceEvent =
            new IceCandidateRelayed(OpaqueJson.of(Payloads.CANDIDATE), sender, callId);
    private final OfferRelayed offerEvent = new OfferRelayed(OpaqueJson.of(Payloads.OFFER), sender, callId);
    private final IncomingCall incomingEvent =
            new IncomingCall(callId, sender, "alice", CallType.VIDEO, null);
    private long seq = 1;

    @Benchmark
    public DecodeResult<ClientAction> iceCandidateDecode() {
        return codec.decodeAction(ICE_FRAME);
    }

    @Benchmark
    public String iceCandidateEncode() {
        return codec.encode(iceEvent, seq++);
    }

    @Benchmark
    public String iceCandidateDecodeEncode() {
        SendIceCandidate action = (SendIceCandidate) decoded(codec.decodeAction(ICE_FRAME));
        return codec.encode(new IceCandidateRelayed(action.candidate(), sender, action.callId()), seq++);
    }

    @Benchmark
    public DecodeResult<ClientAction> offerDecode() {
        return codec.decodeAction(OFFER_FRAME);
    }

    @Benchmark
    public String offerEncode() {
        return codec.encode(offerEvent, seq++);
    }

    @Benchmark
    public String offerDecodeEncode() {
        SendOffer action = (SendOffer) decoded(codec.decodeAction(OFFER_FRAME));
        return codec.encode(new OfferRelayed(action.offer(), sender, action.callId()), seq++);
    }

    @Benchmark
    public DecodeResult<ClientAction> startCallDecode() {
        return codec.decodeAction(START_FRAME);
    }

    @Benchmark
    public String startCallEncode() {
        return codec.encode(incomingEvent, seq++);
    }

    @Benchmark
    public String startCallDecodeEncode() {
        StartCall action = (StartCall) decoded(codec.decodeAction(START_FRAME));
        return codec.encode(new IncomingCall(callId, sender, "alice", action.effectiveCallType(), action.offer()),
                seq++);
    }

    static ClientAction decoded(DecodeResult<ClientAction> result) {
        if (result instanceof DecodeResult.Decoded<ClientAction> ok) {
            return ok.message();
        }
        throw new IllegalStateException("undecodable benchmark frame: " + result);
    }
}
