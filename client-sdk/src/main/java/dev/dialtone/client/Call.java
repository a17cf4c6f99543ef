package dev.dialtone.client;

import dev.dialtone.protocol.CallId;
import dev.dialtone.protocol.CallMachine;
import dev.dialtone.protocol.CallType;
import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SignalingException;
import dev.dialtone.protocol.UserId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One call, outgoing ({@link DialtoneClient#call(UserId, CallType)}) or incoming
 * ({@link CallListener#onIncomingCall(Call)}).
 *
 * <h2>Local validation</h2>
 * The client keeps its own mirror of the call's state and checks every action with the protocol's
 * {@link CallMachine}, the same pure function the server decides with, before it sends anything. An action the
 * machine refuses throws {@link SignalingException} at once, with the code the server would have answered
 * ({@code invalid_state}, {@code not_a_party}, {@code unknown_call}, ...), and <em>nothing is sent</em>: hanging up a
 * call that is not connected yet ({@code invalid_state}: cancel or reject it instead), answering twice
 * ({@code invalid_state}), answering or rejecting an outgoing call and cancelling an incoming one
 * ({@code not_a_party}), offers, answers and media states while the call rings ({@code invalid_state}), and any action
 * on an ended call ({@code unknown_call}). The server may still refuse an action the client allowed when the call
 * changed on its side in the meantime (the peer hung up at the same moment); such refusals reach
 * {@link CallListener#onError(SignalingException)}, except those about a call that already ended here, which are only
 * logged.
 *
 * <h2>Threading</h2>
 * Every method may be called from any thread, including from listener callbacks and future stages. Actions return as
 * soon as the action is checked and queued for sending: sending happens on the client's I/O thread, in the order the
 * actions were taken. While the client is {@link ConnectionState#RECONNECTING}, actions are checked as usual and sent
 * once the session is resumed; they are dropped (and the call ends with {@link CallEnd.Reason#CONNECTION_LOST}) if it
 * cannot be. The accessors reflect the client's view at once; the matching listener callbacks and future completions
 * follow on the callback executor.
 *
 * <h2>Futures</h2>
 * {@link #id()}, {@link #answered()} and {@link #ended()} complete on the client's callback executor, never on a
 * WebSocket I/O thread, in the same task as the listener callback for the same event and just before it (so inside
 * the callback the future is already complete). Each call returns a new copy: completing or cancelling it has no effect
 * on the call.
 *
 * <p>Implemented by the SDK only.
 */
public interface Call {

    /** Which way a call goes. */
    enum Direction {
        /** Placed by this client. */
        OUTGOING,
        /** Placed by the peer, ringing at this client. */
        INCOMING
    }

    /** Where a call stands, in the client's view. */
    enum State {
        /** An outgoing call whose {@code start_call} has not been answered with {@code call_ringing} yet. */
        PLACING,
        /** Ringing: at the callee (outgoing) or here (incoming). */
        RINGING,
        /** Answered; the two parties may exchange offers, answers, candidates and media states. */
        CONNECTED,
        /** Over, for good. */
        ENDED
    }

    /** Whether this client placed the call or receives it. */
    Direction direction();

    /** The other party: the callee of an outgoing call, the caller of an incoming one. */
    UserId peer();

    /** The caller's display name ({@code incoming_call.caller_username}), for incoming calls. */
    Optional<String> peerName();

    /** Audio or video, as the call was placed. */
    CallType type();

    /**
     * The caller's SDP offer when it came with the call: the one given to
     * {@link DialtoneClient#call(UserId, CallType, OpaqueJson)} for an outgoing call, {@code incoming_call.offer} for an
     * incoming one.
     */
    Optional<OpaqueJson> offer();

    /** Where the call stands now. */
    State state();

    /**
     * The server's id of the call. For incoming calls it is complete from the start. For outgoing calls it completes
     * when {@code call_ringing} arrives (R2.4), or with the attempt's id when the callee is offline or busy; it fails
     * with {@link CallEndedException} when the call ends before the server gave it an id (calling oneself, glare, a
     * cancel before the call rang), and with the {@link ServerRefusedException} when the server refused to place it.
     */
    CompletableFuture<CallId> id();

    /**
     * Completes when the call is answered: for an outgoing call when {@code call_answered} arrives (with the callee's
     * SDP answer if it sent one); for an incoming call when this client answers it. Fails with
     * {@link CallEndedException} when the call ends unanswered, and with the {@link ServerRefusedException} when the
     * server refused to place it.
     */
    CompletableFuture<Answered> answered();

    /**
     * Completes when the call ends, with how it ended. Fails only when the server refused to place an outgoing call
     * with an {@code error} ({@code invalid_state}, {@code rate_limited}, ...): then with that
     * {@link ServerRefusedException}, a {@link SignalingException} carrying the code.
     */
    CompletableFuture<CallEnd> ended();

    /**
     * Answers an incoming ringing call without an SDP answer ({@code answer_call}, R2.9); send the answer later with
     * {@link #sendAnswer(OpaqueJson)}.
     *
     * @throws SignalingException refused locally, nothing sent: {@code not_a_party} for an outgoing call,
     *     {@code invalid_state} once answered, {@code unknown_call} once ended
     */
    void answer();

    /**
     * Answers an incoming ringing call with the SDP answer to its {@link #offer()} ({@code answer_call} with
     * {@code answer}, R2.9).
     *
     * @param sdpAnswer the SDP answer object; never null
     * @throws SignalingException refused locally, nothing sent (see {@link #answer()})
     */
    void answer(OpaqueJson sdpAnswer);

    /**
     * Rejects an incoming ringing call ({@code reject_call}, R4.2); the call ends here with
     * {@link CallEnd.Reason#REJECTED} by this user, and rings on at none of this user's other sessions.
     *
     * @throws SignalingException refused locally, nothing sent: {@code not_a_party} for an outgoing call,
     *     {@code invalid_state} once answered (hang up instead), {@code unknown_call} once ended
     */
    void reject();

    /**
     * Withdraws an outgoing call that has not been answered ({@code cancel_call}, R4.3); the call ends with
     * {@link CallEnd.Reason#CANCELLED} by this user. Called before {@code call_ringing} has brought the call's id, the
     * cancel is sent as soon as it arrives, and the call ends then.
     *
     * @throws SignalingException refused locally, nothing sent: {@code not_a_party} for an incoming call (reject it),
     *     {@code invalid_state} once answered (hang up instead), {@code unknown_call} once ended
     */
    void cancel();

    /**
     * Ends a connected call ({@code hang_up}, R4.1); the call ends with {@link CallEnd.Reason#HUNG_UP_BY_ME}.
     *
     * @throws SignalingException refused locally, nothing sent: {@code invalid_state} while ringing (cancel or
     *     reject instead), {@code unknown_call} once ended
     */
    void hangUp();

    /**
     * Sends an SDP offer to the peer ({@code offer}, R3.1), for example to renegotiate an audio call into a video
     * call (R3.4).
     *
     * @param sdpOffer the offer object; never null
     * @throws SignalingException refused locally, nothing sent: {@code invalid_state} while ringing, {@code unknown_call}
     *     once ended
     */
    void sendOffer(OpaqueJson sdpOffer);

    /**
     * Sends an SDP answer to the peer ({@code answer}, R3.2).
     *
     * @param sdpAnswer the answer object; never null
     * @throws SignalingException refused locally, nothing sent: {@code invalid_state} while ringing, {@code unknown_call}
     *     once ended
     */
    void sendAnswer(OpaqueJson sdpAnswer);

    /**
     * Sends an ICE candidate to the peer ({@code ice_candidate}, R3.3). The caller may send candidates while its call
     * rings: the server buffers them for the session that answers (R6.5).
     *
     * @param candidate the candidate object; never null
     * @throws SignalingException refused locally, nothing sent: {@code invalid_state} for an incoming call that is not
     *     answered yet, {@code unknown_call} once ended
     */
    void sendIceCandidate(OpaqueJson candidate);

    /**
     * Tells the peer that the microphone or camera was turned on or off ({@code media_state}, R3.5).
     *
     * @param audio whether the microphone is on; null to leave it unsaid
     * @param video whether the camera is on; null to leave it unsaid
     * @throws IllegalArgumentException if both are null
     * @throws SignalingException refused locally, nothing sent: {@code invalid_state} while ringing, {@code unknown_call}
     *     once ended
     */
    void setMediaState(Boolean audio, Boolean video);
}
