package dev.dialtone.client.internal;

import dev.dialtone.client.Answered;
import dev.dialtone.client.Call;
import dev.dialtone.client.CallEnd;
import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallState;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.ClientAction;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The SDK's {@link Call}: fixed facts, plus state that only the {@link ClientCore} reads and writes, under its lock.
 * Every action is handed to the core, which checks it with the call machine against {@link #mirror}.
 */
final class LocalCall implements Call {

    private final ClientCore core;
    final Direction direction;
    final UserId peer;
    private final String peerName;
    private final CallType type;
    private final OpaqueJson offer;

    // Completed only by tasks on the callback queue.
    final CompletableFuture<CallId> idFuture = new CompletableFuture<>();
    final CompletableFuture<Answered> answeredFuture = new CompletableFuture<>();
    final CompletableFuture<CallEnd> endedFuture = new CompletableFuture<>();

    // Guarded by the core's lock.
    /** The server's id; null for an outgoing call until call_ringing (or call_unavailable) names it. */
    CallId id;
    /** The call as the call machine sees it from this client's session: every local action is checked against it. */
    CallState mirror;
    State state;
    /** Whether this outgoing call's start_call has gone out on a connection (not just queued). */
    boolean startSent;
    /** A cancel taken before call_ringing: sent when the id arrives, and the call ends then. */
    boolean cancelWhenRinging;
    /** Whether the end has been decided (and its callbacks posted). */
    boolean over;
    /** How it ended, once over; null if the server refused to place it. */
    CallEnd end;
    /** Relays taken before call_ringing, sent with the id once it arrives. */
    final List<Function<CallId, ClientAction>> heldUntilId = new ArrayList<>();

    LocalCall(ClientCore core, Direction direction, UserId peer, String peerName, CallType type, OpaqueJson offer) {
        this.core = core;
        this.direction = direction;
        this.peer = peer;
        this.peerName = peerName;
        this.type = type;
        this.offer = offer;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public UserId peer() {
        return peer;
    }

    @Override
    public Optional<String> peerName() {
        return Optional.ofNullable(peerName);
    }

    @Override
    public CallType type() {
        return type;
    }

    @Override
    public Optional<OpaqueJson> offer() {
        return Optional.ofNullable(offer);
    }

    @Override
    public State state() {
        return core.stateOf(this);
    }

    @Override
    public CompletableFuture<CallId> id() {
        return idFuture.copy();
    }

    @Override
    public CompletableFuture<Answered> answered() {
        return answeredFuture.copy();
    }

    @Override
    public CompletableFuture<CallEnd> ended() {
        return endedFuture.copy();
    }

    @Override
    public void answer() {
        core.answer(this, null);
    }

    @Override
    public void answer(OpaqueJson sdpAnswer) {
        core.answer(this, Objects.requireNonNull(sdpAnswer, "sdpAnswer"));
    }

    @Override
    public void reject() {
        core.reject(this);
    }

    @Override
    public void cancel() {
        core.cancel(this);
    }

    @Override
    public void hangUp() {
        core.hangUp(this);
    }

    @Override
    public void sendOffer(OpaqueJson sdpOffer) {
        core.sendOffer(this, Objects.requireNonNull(sdpOffer, "sdpOffer"));
    }

    @Override
    public void sendAnswer(OpaqueJson sdpAnswer) {
        core.sendAnswer(this, Objects.requireNonNull(sdpAnswer, "sdpAnswer"));
    }

    @Override
    public void sendIceCandidate(OpaqueJson candidate) {
        core.sendIceCandidate(this, Objects.requireNonNull(candidate, "candidate"));
    }

    @Override
    public void setMediaState(Boolean audio, Boolean video) {
        if (audio == null && video == null) {
            throw new IllegalArgumentException("a media state names audio, video or both");
        }
        core.setMediaState(this, audio, video);
    }

    @Override
    public String toString() {
        return core.describe(this);
    }
}
