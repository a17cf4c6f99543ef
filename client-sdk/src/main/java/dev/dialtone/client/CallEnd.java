package dev.dialtone.client;

import dev.dialtone.protocol.UnavailableReason;
import dev.dialtone.protocol.UserId;
import java.util.Objects;

/**
 * How a call ended: the value of {@link Call#ended()} and the argument of
 * {@link CallListener#onCallEnded(Call, CallEnd)}.
 *
 * @param reason why it ended; never null
 * @param endedBy the user whose action ended it, when known: this client's own user for {@link Reason#HUNG_UP_BY_ME}
 *     and for a {@link Reason#REJECTED} or {@link Reason#CANCELLED} it did itself, the peer for
 *     {@link Reason#HUNG_UP_BY_PEER}, {@link Reason#PEER_DISCONNECTED} and the peer's reject or cancel; null when nobody
 *     did ({@link Reason#MISSED}, {@link Reason#UNAVAILABLE}, {@link Reason#SERVER_SHUTDOWN},
 *     {@link Reason#CONNECTION_LOST}) or the server does not say ({@link Reason#ANSWERED_ELSEWHERE},
 *     {@link Reason#REJECTED_ELSEWHERE})
 * @param unavailableReason for {@link Reason#UNAVAILABLE}, why the callee could not be called; null for every other
 *     reason
 */
public record CallEnd(Reason reason, UserId endedBy, UnavailableReason unavailableReason) {

    /** Checks that exactly {@link Reason#UNAVAILABLE} has an unavailable reason. */
    public CallEnd {
        Objects.requireNonNull(reason, "reason");
        if ((reason == Reason.UNAVAILABLE) != (unavailableReason != null)) {
            throw new IllegalArgumentException("a call end has an unavailable reason exactly when its reason is "
                    + "UNAVAILABLE: " + reason + ", " + unavailableReason);
        }
    }

    /** An end for {@code reason}, by {@code endedBy} (null when nobody or unknown). */
    public static CallEnd of(Reason reason, UserId endedBy) {
        return new CallEnd(reason, endedBy, null);
    }

    /** An outgoing call that rang nobody ({@code call_unavailable}, R2.5 to R2.7, R5.4). */
    public static CallEnd unavailable(UnavailableReason why) {
        return new CallEnd(Reason.UNAVAILABLE, null, Objects.requireNonNull(why, "why"));
    }

    /** Why a call ended. */
    public enum Reason {
        /** This client hung up with {@link Call#hangUp()}. */
        HUNG_UP_BY_ME,
        /** The peer hung up ({@code call_hanged_up}, R4.1). */
        HUNG_UP_BY_PEER,
        /**
         * The callee rejected the call: the peer ({@code call_rejected}, R4.2) for an outgoing call, this client with
         * {@link Call#reject()} for an incoming one. {@link CallEnd#endedBy()} tells which.
         */
        REJECTED,
        /**
         * The caller withdrew the ringing call: the peer ({@code call_cancelled}, R4.3) for an incoming call, this
         * client with {@link Call#cancel()} for an outgoing one. {@link CallEnd#endedBy()} tells which.
         */
        CANCELLED,
        /** Nobody answered within the ring timeout ({@code call_missed}, R6.1). */
        MISSED,
        /**
         * The outgoing call rang nobody ({@code call_unavailable}): the callee is offline or busy, is this client's own
         * user, or is calling this user right now (glare, R5.4); see {@link CallEnd#unavailableReason()}.
         */
        UNAVAILABLE,
        /** Another session of this user answered the incoming call first (R5.2). */
        ANSWERED_ELSEWHERE,
        /** Another session of this user rejected the incoming call (R5.3). */
        REJECTED_ELSEWHERE,
        /** The peer's connection dropped and it did not come back within the resume grace (R6.4). */
        PEER_DISCONNECTED,
        /** The server shut down (R6.6). */
        SERVER_SHUTDOWN,
        /**
         * This client lost its session: the connection dropped and the session could not be resumed (the server
         * answered with a new session, R6.3), the client stopped reconnecting (a final close code or the reconnect
         * policy gave up), or a resume showed that events were lost (R6.10).
         */
        CONNECTION_LOST,
        /** The application closed the client with {@link DialtoneClient#close()} while the call was live. */
        CLIENT_CLOSED
    }
}
