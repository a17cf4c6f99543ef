package dev.dialtone.client;

import dev.dialtone.protocol.OpaqueJson;
import dev.dialtone.protocol.SignalingException;

/**
 * Receives what happens to a {@link DialtoneClient} and its calls. Every method has a no-op default: implement what
 * you need.
 *
 * <h2>Threading and ordering</h2>
 * <ul>
 *   <li>Callbacks run on the client's callback executor ({@link DialtoneClient.Builder#callbackExecutor}; by default one
 *       daemon thread of the client's own), never on a WebSocket I/O thread, so a callback that blocks delays later
 *       callbacks but never the connection.</li>
 *   <li>Callbacks are serialized: one at a time, never concurrently, even on a multi-threaded executor, each
 *       happening-before the next.</li>
 *   <li>They come in the order the client learned of the events: server events in the order they arrived (which is
 *       the server's {@code seq} order, each event once, also across a resume), local actions at the point they were
 *       taken.</li>
 *   <li>Futures of the same event ({@link Call#answered()}, {@link Call#ended()}, {@link DialtoneClient#connect()},
 *       ...) complete in the same task, just before the callback.</li>
 *   <li>No argument is ever null.</li>
 *   <li>Calling the client or a call from a callback is allowed. Do not block a callback waiting for a future that
 *       another callback would complete: it never will.</li>
 *   <li>An exception thrown by a callback is logged and otherwise ignored.</li>
 * </ul>
 *
 * <h2>Life cycle</h2>
 * For each call, exactly one of {@link #onCallEnded} and {@link #onCallFailed} comes last. For the client,
 * {@link #onClosed(CloseInfo)} is the very last callback: it comes exactly once, after every call has ended and after
 * {@link #onConnectionStateChanged} with {@link ConnectionState#CLOSED}; nothing follows it.
 */
public interface CallListener {

    /**
     * The connection state changed (see {@link ConnectionState} for the order).
     *
     * @param state the new state
     */
    default void onConnectionStateChanged(ConnectionState state) {
    }

    /**
     * A call rings at this client ({@code incoming_call}, R2.3). Answer it with {@link Call#answer()}, reject it with
     * {@link Call#reject()}, or let it ring: it ends with {@link CallEnd.Reason#MISSED}, or another of this user's
     * sessions answers or rejects it. {@link Call#offer()} holds the caller's SDP offer if it came with the call.
     *
     * @param call the incoming call
     */
    default void onIncomingCall(Call call) {
    }

    /**
     * An outgoing call rings at the callee ({@code call_ringing}, R2.4); its {@link Call#id()} is now known.
     *
     * @param call the outgoing call
     */
    default void onCallRinging(Call call) {
    }

    /**
     * A call was answered: an outgoing call by the callee ({@code call_answered}, R2.10, with the callee's SDP answer, if
     * it sent one, in {@link Call#answered()}), or an incoming call by this client (through {@link Call#answer()}, or
     * automatically on glare).
     *
     * @param call the call, now {@link Call.State#CONNECTED}
     */
    default void onCallAnswered(Call call) {
    }

    /**
     * The peer sent an SDP offer ({@code call_offer}, R3.1): at the start of the call or to renegotiate (R3.4).
     *
     * @param call the call
     * @param offer the offer object, as the peer sent it
     */
    default void onOffer(Call call, OpaqueJson offer) {
    }

    /**
     * The peer sent an SDP answer ({@code call_answer}, R3.2).
     *
     * @param call the call
     * @param answer the answer object, as the peer sent it
     */
    default void onAnswer(Call call, OpaqueJson answer) {
    }

    /**
     * The peer sent an ICE candidate ({@code ice_candidate}, R3.3).
     *
     * @param call the call
     * @param candidate the candidate object, as the peer sent it
     */
    default void onIceCandidate(Call call, OpaqueJson candidate) {
    }

    /**
     * The peer turned its microphone or camera on or off ({@code peer_media_state}, R3.5).
     *
     * @param call the call
     * @param state what the peer said
     */
    default void onPeerMediaState(Call call, MediaState state) {
    }

    /**
     * A call ended; no more callbacks come for it. {@link Call#ended()} is complete with the same value.
     *
     * @param call the call, now {@link Call.State#ENDED}
     * @param end how it ended
     */
    default void onCallEnded(Call call, CallEnd end) {
    }

    /**
     * The server refused to place an outgoing call with an {@code error} (for example {@code invalid_state} when this
     * user is in a call on another device, {@code rate_limited}); the call never existed, and no more callbacks come
     * for it. {@link Call#ended()} has failed with the same exception.
     *
     * @param call the outgoing call, now {@link Call.State#ENDED}
     * @param error the refusal, a {@link ServerRefusedException}
     */
    default void onCallFailed(Call call, SignalingException error) {
    }

    /**
     * The server refused an action that nothing waits for (R8.1): typically a race, such as an ICE candidate for a
     * call the peer hung up at the same moment. The connection stays usable. Refusals about calls that already ended
     * at this client are logged, not reported.
     *
     * @param error the refusal, a {@link ServerRefusedException}
     */
    default void onError(SignalingException error) {
    }

    /**
     * The client closed for good; this is the last callback. Every call has ended before it.
     *
     * @param info why
     */
    default void onClosed(CloseInfo info) {
    }
}
