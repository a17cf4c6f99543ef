package dev.dialtone.conformance;

import dev.dialtone.conformance.internal.Untested;
import dev.dialtone.conformance.internal.cases.CallSetupCases;
import dev.dialtone.conformance.internal.cases.ConnectionCases;
import dev.dialtone.conformance.internal.cases.EndingCases;
import dev.dialtone.conformance.internal.cases.ErrorCases;
import dev.dialtone.conformance.internal.cases.FlowCases;
import dev.dialtone.conformance.internal.cases.MediaCases;
import dev.dialtone.conformance.internal.cases.MultiSessionCases;
import dev.dialtone.conformance.internal.cases.RecordCases;
import dev.dialtone.conformance.internal.cases.TimeoutCases;
import dev.dialtone.conformance.internal.model.ModelRun;
import dev.dialtone.conformance.internal.run.CaseRunner;
import dev.dialtone.conformance.internal.run.EnvironmentProvider;
import dev.dialtone.conformance.internal.run.Probe;
import dev.dialtone.conformance.internal.run.RunEnvironment;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * The conformance kit as JUnit 5 tests: extend this class, return your server from {@link #target()}, and every case
 * of the kit runs as a test named after the rule of docs/protocol.md it checks, as the Reactive Streams TCK does:
 *
 * <pre>{@code
 * class MyServerConformanceTest extends DialtoneServerVerification {
 *     @Override
 *     protected ConformanceTarget target() {
 *         return ConformanceTarget.of("ws://127.0.0.1:8080/ws/call/", TokenSource.hmacSecret(SECRET));
 *     }
 * }
 * }</pre>
 *
 * <p>Case names say what they check: {@code required_R2_5_offlineCalleeIsUnavailable} checks the MUST of rule R2.5
 * and fails when the server breaks it; {@code optional_...} cases check a SHOULD and are skipped with a
 * {@code NON-STRICT} message when the server does not do it; {@code untested_...} cases name rules the kit cannot check
 * from outside (docs/protocol.md section 10) and are always skipped with the reason. A failure names what was expected
 * and what arrived, and writes a replay file.
 *
 * <p>The class uses one instance for all its cases ({@code PER_CLASS}): start your server in a {@code @BeforeAll}
 * method and return the same target every time. The cases are independent (each makes up its own users) and
 * thread-safe, so they may run concurrently: with {@code junit.jupiter.execution.parallel.enabled=true},
 * {@code junit.jupiter.execution.parallel.mode.default=concurrent} and
 * {@code junit.jupiter.execution.parallel.mode.classes.default=same_thread} in {@code junit-platform.properties}. The
 * model-based case, which waits for the server's timers, runs alone (the others wait for it). Cases tagged
 * {@code slow} wait for the server's timers (token expiry, resume grace); a server with a short ring timeout and
 * resume grace keeps them quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DialtoneServerVerification {

    /** Scenario cases share the server; the model-based case, which times the server's timers, runs alone. */
    private static final java.util.concurrent.locks.ReentrantReadWriteLock ALONE =
            new java.util.concurrent.locks.ReentrantReadWriteLock(true);

    private final Object lock = new Object();
    private volatile RunEnvironment environment;

    /** The server under test: its WebSocket URL and a token source. Called once. */
    protected abstract ConformanceTarget target();

    /** Timeout, model tries and seed, profile, known-failing cases. Override to change the defaults. */
    protected ConformanceOptions options() {
        return ConformanceOptions.defaults();
    }

    // ---- 1 Connection and authentication

    /** R1.1: a token in the {@code token} query parameter is accepted, and no subprotocol is needed. */
    @Test
    public void required_R1_1_tokenInQueryIsAccepted() {
        verify(ConnectionCases::tokenInQueryIsAccepted);
    }

    /** R1.1: a token in an {@code Authorization: Bearer} header is accepted. */
    @Test
    public void required_R1_1_bearerHeaderIsAccepted() {
        verify(ConnectionCases::bearerHeaderIsAccepted);
    }

    /** R1.1: with both, the query parameter's token names the user. */
    @Test
    public void required_R1_1_queryTokenWinsOverHeader() {
        verify(ConnectionCases::queryTokenWinsOverHeader);
    }

    /** R1.1: unknown query parameters are ignored. */
    @Test
    public void required_R1_1_unknownQueryParametersAreIgnored() {
        verify(ConnectionCases::unknownQueryParametersAreIgnored);
    }

    /** R1.2: no token: closed with 4001 before any event. */
    @Test
    public void required_R1_2_missingTokenIsRefusedWith4001() {
        verify(ConnectionCases::missingTokenIsRefused);
    }

    /** R1.2: an empty token, in the query or the header: 4001. */
    @Test
    public void required_R1_2_emptyTokenIsRefused() {
        verify(ConnectionCases::emptyTokenIsRefused);
    }

    /** R1.2: text that is no JWS: 4001. */
    @Test
    public void required_R1_2_garbageTokensAreRefused() {
        verify(ConnectionCases::garbageTokensAreRefused);
    }

    /** R1.2: {@code alg: none}, and a token stripped of its signature: 4001. */
    @Test
    public void required_R1_2_unsignedAlgNoneTokenIsRefused() {
        verify(ConnectionCases::unsignedTokenIsRefused);
    }

    /** R1.2: a valid token with its payload swapped for another user's: 4001. */
    @Test
    public void required_R1_2_tamperedPayloadIsRefused() {
        verify(ConnectionCases::tamperedPayloadIsRefused);
    }

    /** R1.2: a token signed with another key: 4001. */
    @Test
    public void required_R1_2_wrongSignatureIsRefused() {
        verify(ConnectionCases::wrongSignatureIsRefused);
    }

    /** R1.2: a token whose {@code exp} passed: 4001 (needs the signing key). */
    @Test
    public void required_R1_2_expiredTokenIsRefused() {
        verify(ConnectionCases::expiredTokenIsRefused);
    }

    /** R1.2: a token whose {@code nbf} is in the future: 4001 (needs the signing key). */
    @Test
    public void required_R1_2_notYetValidTokenIsRefused() {
        verify(ConnectionCases::notYetValidTokenIsRefused);
    }

    /** R1.2: HS256 keyed with the server's public key, or RS256 at an HMAC server: 4001 (needs the signing key). */
    @Test
    public void required_R1_2_keyConfusionIsRefused() {
        verify(ConnectionCases::keyConfusionIsRefused);
    }

    /** R1.2: a signed token without {@code sub} or {@code user_id}: 4001 (needs the signing key). */
    @Test
    public void required_R1_2_tokenWithoutUserIdIsRefused() {
        verify(ConnectionCases::tokenWithoutUserIdIsRefused);
    }

    /** R1.2: a signed token whose user id is not a valid id (0.4): 4001 (needs the signing key). */
    @Test
    public void required_R1_2_malformedUserIdIsRefused() {
        verify(ConnectionCases::malformedUserIdIsRefused);
    }

    /** R1.3: a connection without {@code Origin} is allowed. */
    @Test
    public void required_R1_3_noOriginIsAllowed() {
        verify(ConnectionCases::noOriginIsAllowed);
    }

    /** R1.3: the server's own origin is allowed. */
    @Test
    public void required_R1_3_sameOriginIsAllowed() {
        verify(ConnectionCases::sameOriginIsAllowed);
    }

    /** R1.3: another origin is closed with 4003 before any event (run against the default origin configuration). */
    @Test
    public void required_R1_3_foreignOriginIsRefusedWith4003() {
        verify(ConnectionCases::foreignOriginIsRefused);
    }

    /** R1.4: a numeric {@code user_id} claim is echoed as a JSON number. */
    @Test
    public void required_R1_4_numericUserIdClaimStaysANumber() {
        verify(ConnectionCases::numericUserIdClaimStaysANumber);
    }

    /** R1.4: a {@code sub} claim is echoed as a JSON string. */
    @Test
    public void required_R1_4_subClaimIsAString() {
        verify(ConnectionCases::subClaimIsAString);
    }

    /** R1.4: {@code sub} is the user id when both claims are present. */
    @Test
    public void required_R1_4_subWinsOverUserId() {
        verify(ConnectionCases::subWinsOverUserId);
    }

    /** R1.4: {@code caller_username} is {@code username}, else {@code name}, else the id. */
    @Test
    public void required_R1_4_displayNameComesFromUsernameThenName() {
        verify(ConnectionCases::displayNameComesFromUsernameThenName);
    }

    /** R1.5: ids out of their format are {@code invalid_message} naming the member. */
    @Test
    public void required_R1_5_malformedIdsAreInvalidMessage() {
        verify(ConnectionCases::malformedIdsAreInvalidMessage);
    }

    /** R1.5: every id the server sends has its format; call ids are unique. */
    @Test
    public void required_R1_5_serverIdsHaveTheirFormat() {
        verify(ConnectionCases::serverIdsHaveTheirFormat);
    }

    /** R1.6: {@code welcome} with every member comes first, without {@code seq}. */
    @Test
    public void required_R1_6_welcomeIsTheFirstEvent() {
        verify(ConnectionCases::welcomeIsTheFirstEvent);
    }

    /** R1.7: {@code v=2}: {@code error unsupported_version} without seq, no welcome, then 4006. */
    @Test
    public void required_R1_7_unsupportedVersionIsRefusedWith4006() {
        verify(ConnectionCases::unsupportedVersionIsRefused);
    }

    /** R1.7: {@code v=1} is accepted. */
    @Test
    public void required_R1_7_versionOneIsAccepted() {
        verify(ConnectionCases::versionOneIsAccepted);
    }

    /** R1.8: the connection closes with 4010 at the token's {@code exp}; the session resumes with a new token. */
    @Test
    @Tag("slow")
    public void required_R1_8_connectionClosesWhenTheTokenExpires() {
        verify(ConnectionCases::connectionClosesWhenTheTokenExpires);
    }

    /** R1.9: ids claimed in messages are never believed; events name the authenticated sender. */
    @Test
    public void required_R1_9_identityComesFromTheToken() {
        verify(ConnectionCases::identityComesFromTheToken);
    }

    /** R1.10: members the protocol does not define are ignored. */
    @Test
    public void required_R1_10_unknownMembersAreIgnored() {
        verify(ConnectionCases::unknownMembersAreIgnored);
    }

    /** R1.11: each connection is its own session; its events go to it alone. */
    @Test
    public void required_R1_11_sessionsOfOneUserAreDistinct() {
        verify(ConnectionCases::sessionsOfOneUserAreDistinct);
    }

    /** R1.12: a forbidden origin with a bad token is 4003. */
    @Test
    public void required_R1_12_originIsCheckedBeforeTheToken() {
        verify(ConnectionCases::originIsCheckedBeforeTheToken);
    }

    /** R1.12: a bad token with {@code v=2} is 4001, without an error event. */
    @Test
    public void required_R1_12_tokenIsCheckedBeforeTheVersion() {
        verify(ConnectionCases::tokenIsCheckedBeforeTheVersion);
    }

    // ---- 2 Call set-up

    /** R2.1: {@code start_call} rings the callee. */
    @Test
    public void required_R2_1_startCallRingsTheCallee() {
        verify(CallSetupCases::startCallRingsTheCallee);
    }

    /** R2.1: {@code callee_id} is required (null counts as absent). */
    @Test
    public void required_R2_1_startCallWithoutCalleeIsInvalid() {
        verify(CallSetupCases::startCallWithoutCalleeIsInvalid);
    }

    /** R2.1: an offer in {@code start_call} arrives in {@code incoming_call}. */
    @Test
    public void required_R2_1_offerInStartCallReachesTheCallee() {
        verify(CallSetupCases::offerInStartCallReachesTheCallee);
    }

    /** R2.2: {@code call_type} video is carried to both sides and the record. */
    @Test
    public void required_R2_2_videoCallType() {
        verify(CallSetupCases::videoCallType);
    }

    /** R2.2: another {@code call_type} is {@code invalid_message} naming {@code call_type}. */
    @Test
    public void required_R2_2_unknownCallTypeIsInvalid() {
        verify(CallSetupCases::unknownCallTypeIsInvalid);
    }

    /** R2.3: every connected session of the callee gets {@code incoming_call}. */
    @Test
    public void required_R2_3_everyConnectedCalleeSessionRings() {
        verify(CallSetupCases::everyConnectedCalleeSessionRings);
    }

    /** R2.4: {@code call_ringing} goes to the caller session only. */
    @Test
    public void required_R2_4_onlyTheCallerSessionGetsCallRinging() {
        verify(CallSetupCases::onlyTheCallerSessionGetsCallRinging);
    }

    /** R2.5: an offline callee: {@code call_unavailable offline} with a call id and a record. */
    @Test
    public void required_R2_5_offlineCalleeIsUnavailable() {
        verify(CallSetupCases::offlineCalleeIsUnavailable);
    }

    /** R2.5: a callee whose only session is detached is offline. */
    @Test
    public void required_R2_5_droppedCalleeIsOffline() {
        verify(CallSetupCases::droppedCalleeIsOffline);
    }

    /** R2.6: a callee in a connected call: {@code busy}, with a record, nothing to the callee. */
    @Test
    public void required_R2_6_busyCalleeIsUnavailable() {
        verify(CallSetupCases::busyCalleeIsUnavailable);
    }

    /** R2.6: a ringing call makes both its users busy. */
    @Test
    public void required_R2_6_ringingUsersAreBusy() {
        verify(CallSetupCases::ringingUsersAreBusy);
    }

    /** R2.7: calling oneself (ids compared by text): {@code self}, no call id, no record. */
    @Test
    public void required_R2_7_callingYourselfIsUnavailable() {
        verify(CallSetupCases::callingYourselfIsUnavailable);
    }

    /** R2.8: {@code start_call} from a user in a call: {@code invalid_state}, nothing else. */
    @Test
    public void required_R2_8_callerInACallGetsInvalidState() {
        verify(CallSetupCases::callerInACallGetsInvalidState);
    }

    /** R2.8: self, then caller busy, then callee busy and offline. */
    @Test
    public void required_R2_8_startCallChecksRunInOrder() {
        verify(CallSetupCases::startCallChecksRunInOrder);
    }

    /** R2.9: a ringing session answers; the call connects. */
    @Test
    public void required_R2_9_ringingSessionAnswers() {
        verify(CallSetupCases::ringingSessionAnswers);
    }

    /** R2.10: an answer in {@code answer_call} arrives in {@code call_answered}. */
    @Test
    public void required_R2_10_answerInAnswerCallReachesTheCaller() {
        verify(CallSetupCases::answerInAnswerCallReachesTheCaller);
    }

    /** R2.11: an id member that does not name the peer: {@code unknown_call}, nothing happens. */
    @Test
    public void required_R2_11_wrongPeerIdIsUnknownCall() {
        verify(CallSetupCases::wrongPeerIdIsUnknownCall);
    }

    /** R2.12: answer or reject from anyone but a ringing session: {@code not_a_party}. */
    @Test
    public void required_R2_12_onlyARingingSessionMayAnswerOrReject() {
        verify(CallSetupCases::onlyARingingSessionMayAnswerOrReject);
    }

    /** R2.12: cancel from anyone but the caller session: {@code not_a_party}. */
    @Test
    public void required_R2_12_onlyTheCallerSessionMayCancel() {
        verify(CallSetupCases::onlyTheCallerSessionMayCancel);
    }

    /** R2.13: decoding, then the party check, then the peer id. */
    @Test
    public void required_R2_13_partyIsCheckedBeforeThePeerId() {
        verify(CallSetupCases::partyIsCheckedBeforeThePeerId);
    }

    /** R2.13: the peer id, then the state. */
    @Test
    public void required_R2_13_peerIdIsCheckedBeforeTheState() {
        verify(CallSetupCases::peerIdIsCheckedBeforeTheState);
    }

    /** R2.13: an error names the call an action without {@code call_id} was resolved to. */
    @Test
    public void required_R2_13_errorsNameTheResolvedCall() {
        verify(CallSetupCases::errorsNameTheResolvedCall);
    }

    // ---- 3 Media negotiation

    /** R3.1: {@code offer} arrives as {@code call_offer} naming the sender. */
    @Test
    public void required_R3_1_offerIsRelayedAsCallOffer() {
        verify(MediaCases::offerIsRelayedAsCallOffer);
    }

    /** R3.2: {@code answer} arrives as {@code call_answer} naming the sender. */
    @Test
    public void required_R3_2_answerIsRelayedAsCallAnswer() {
        verify(MediaCases::answerIsRelayedAsCallAnswer);
    }

    /** R3.3: {@code ice_candidate} is relayed both ways with {@code sender_id}. */
    @Test
    public void required_R3_3_iceCandidatesAreRelayedBothWays() {
        verify(MediaCases::iceCandidatesAreRelayedBothWays);
    }

    /** R3.4: offers and answers any number of times, either way; the record keeps its type. */
    @Test
    public void required_R3_4_renegotiationInBothDirections() {
        verify(MediaCases::renegotiationInBothDirections);
    }

    /** R3.5: {@code media_state} arrives as {@code peer_media_state} with exactly the given members. */
    @Test
    public void required_R3_5_mediaStateIsRelayedWithExactlyTheGivenMembers() {
        verify(MediaCases::mediaStateIsRelayedWithExactlyTheGivenMembers);
    }

    /** R3.5: {@code media_state} without audio or video: {@code invalid_message} naming {@code audio}. */
    @Test
    public void required_R3_5_emptyMediaStateIsInvalid() {
        verify(MediaCases::emptyMediaStateIsInvalid);
    }

    /** R3.6: offer, answer and media state while ringing, and the callee's candidates: {@code invalid_state}. */
    @Test
    public void required_R3_6_relaysWhileRingingAreInvalidState() {
        verify(MediaCases::relaysWhileRingingAreInvalidState);
    }

    /** R3.6: relays from anyone but the bound sessions: {@code not_a_party}. */
    @Test
    public void required_R3_6_nonPartiesCannotRelay() {
        verify(MediaCases::nonPartiesCannotRelay);
    }

    /** R3.7: relays without {@code call_id} use the sender's call. */
    @Test
    public void required_R3_7_callIdMayBeLeftOutOfRelays() {
        verify(MediaCases::callIdMayBeLeftOutOfRelays);
    }

    /** R3.7: a relay without {@code call_id} from a user in no call: {@code unknown_call}. */
    @Test
    public void required_R3_7_relayWithoutACallIsUnknownCall() {
        verify(MediaCases::relayWithoutACallIsUnknownCall);
    }

    /** R3.7: {@code hang_up}, {@code answer_call}, {@code reject_call}, {@code cancel_call} need {@code call_id}. */
    @Test
    public void required_R3_7_callActionsRequireACallId() {
        verify(MediaCases::callActionsRequireACallId);
    }

    /** R3.8: SDP and ICE objects arrive unchanged, numbers with the same text. */
    @Test
    public void required_R3_8_payloadsArriveUnchanged() {
        verify(MediaCases::payloadsArriveUnchanged);
    }

    /** R3.9: relays of one sender arrive in the order sent. */
    @Test
    public void required_R3_9_messagesOfOneSenderArriveInOrder() {
        verify(MediaCases::messagesOfOneSenderArriveInOrder);
    }

    // ---- 4 Ending a call

    /** R4.1: {@code hang_up} ends the call: the peer is told, the record says completed. */
    @Test
    public void required_R4_1_hangUpEndsTheCall() {
        verify(EndingCases::hangUpEndsTheCall);
    }

    /** R4.1: the callee may hang up too. */
    @Test
    public void required_R4_1_calleeMayHangUp() {
        verify(EndingCases::calleeMayHangUp);
    }

    /** R4.2: {@code reject_call} ends the call: {@code call_rejected}, record rejected. */
    @Test
    public void required_R4_2_rejectEndsTheCall() {
        verify(EndingCases::rejectEndsTheCall);
    }

    /** R4.3: {@code cancel_call} ends the call at every ringing session, record cancelled. */
    @Test
    public void required_R4_3_cancelEndsTheCall() {
        verify(EndingCases::cancelEndsTheCall);
    }

    /** R4.4: {@code hang_up} while ringing: {@code invalid_state}. */
    @Test
    public void required_R4_4_hangUpWhileRingingIsInvalidState() {
        verify(EndingCases::hangUpWhileRingingIsInvalidState);
    }

    /** R4.4: cancel, reject and answer once connected: {@code invalid_state}, after the party checks. */
    @Test
    public void required_R4_4_ringingActionsOnAConnectedCallAreInvalidState() {
        verify(EndingCases::ringingActionsOnAConnectedCallAreInvalidState);
    }

    /** R4.5: every action naming an ended call: {@code unknown_call}. */
    @Test
    public void required_R4_5_endedCallIsUnknown() {
        verify(EndingCases::endedCallIsUnknown);
    }

    /** R4.5: a call id the server never issued: {@code unknown_call}. */
    @Test
    public void required_R4_5_neverIssuedCallIdIsUnknown() {
        verify(EndingCases::neverIssuedCallIdIsUnknown);
    }

    // ---- 5 Multiple sessions and glare

    /** R5.1: a session that connects after the call was placed does not ring and is no party. */
    @Test
    public void required_R5_1_laterSessionDoesNotRing() {
        verify(MultiSessionCases::laterSessionDoesNotRing);
    }

    /** R5.2: the first answer wins; the others get {@code answered_elsewhere}, a later answer {@code invalid_state}. */
    @Test
    public void required_R5_2_firstAnswerWins() {
        verify(MultiSessionCases::firstAnswerWins);
    }

    /** R5.2: two answers sent at once: exactly one wins. */
    @Test
    public void required_R5_2_racingAnswersHaveOneWinner() {
        verify(MultiSessionCases::racingAnswersHaveOneWinner);
    }

    /** R5.3: a reject from any ringing session rejects for all ({@code rejected_elsewhere}). */
    @Test
    public void required_R5_3_rejectFromAnySessionRejectsForAll() {
        verify(MultiSessionCases::rejectFromAnySessionRejectsForAll);
    }

    /** R5.4: glare: {@code call_unavailable glare} with the pending call; one call, one record. */
    @Test
    public void required_R5_4_glareMakesNoSecondCall() {
        verify(MultiSessionCases::glareMakesNoSecondCall);
    }

    /** R5.4: glare from a session that does not ring: it may not answer. */
    @Test
    public void required_R5_4_glareFromALaterSessionCannotAnswer() {
        verify(MultiSessionCases::glareFromALaterSessionCannotAnswer);
    }

    /** R5.5: one live call per user, across its sessions. */
    @Test
    public void required_R5_5_oneLiveCallPerUser() {
        verify(MultiSessionCases::oneLiveCallPerUser);
    }

    /** R5.6: once answered, only the two bound sessions are parties. */
    @Test
    public void required_R5_6_otherSessionsCannotRelayOrHangUp() {
        verify(MultiSessionCases::otherSessionsCannotRelayOrHangUp);
    }

    // ---- 6 Timeouts and resume

    /** R6.1: after the ring timeout both sides get {@code call_missed}; record missed. */
    @Test
    public void required_R6_1_unansweredCallIsMissed() {
        verify(TimeoutCases::unansweredCallIsMissed);
    }

    /** R6.2: a dropped connection does not end the call. */
    @Test
    public void required_R6_2_droppedConnectionDoesNotEndTheCall() {
        verify(TimeoutCases::droppedConnectionDoesNotEndTheCall);
    }

    /** R6.2: after the resume grace the session ends and its token is invalid. */
    @Test
    @Tag("slow")
    public void required_R6_2_sessionEndsAfterTheGrace() {
        verify(TimeoutCases::sessionEndsAfterTheGrace);
    }

    /** R6.3: a resume replays what was missed, in order, then continues. */
    @Test
    public void required_R6_3_resumeReplaysMissedEventsInOrder() {
        verify(TimeoutCases::resumeReplaysMissedEventsInOrder);
    }

    /** R6.3: an unknown resume token gives a new session and touches no other. */
    @Test
    public void required_R6_3_unknownResumeTokenGivesANewSession() {
        verify(TimeoutCases::unknownResumeTokenGivesANewSession);
    }

    /** R6.3: another user's resume token gives a new session. */
    @Test
    public void required_R6_3_resumeTokenOfAnotherUserGivesANewSession() {
        verify(TimeoutCases::resumeTokenOfAnotherUserGivesANewSession);
    }

    /** R6.3: resuming a session whose connection is open closes the old one with 4009. */
    @Test
    public void required_R6_3_resumingAnOpenSessionClosesTheOldConnectionWith4009() {
        verify(TimeoutCases::resumingAnOpenSessionClosesTheOldConnection);
    }

    /** R6.3: a {@code last_seq} that is not a non-negative integer counts as 0. */
    @Test
    public void required_R6_3_unreadableLastSeqCountsAsZero() {
        verify(TimeoutCases::unreadableLastSeqCountsAsZero);
    }

    /** R6.4: a bound session's grace ends: the peer gets {@code peer_disconnected}; record completed. */
    @Test
    @Tag("slow")
    public void required_R6_4_peerIsToldWhenTheGraceEnds() {
        verify(TimeoutCases::peerIsToldWhenTheGraceEnds);
    }

    /** R6.4: the caller's grace ends while ringing: {@code peer_disconnected}, record failed. */
    @Test
    @Tag("slow")
    public void required_R6_4_ringingCallFailsWhenTheCallerDoesNotComeBack() {
        verify(TimeoutCases::ringingCallFailsWhenTheCallerDoesNotComeBack);
    }

    /** R6.4: a call whose caller is detached can still be answered. */
    @Test
    public void required_R6_4_detachedCallerCallCanBeAnswered() {
        verify(TimeoutCases::detachedCallerCallCanBeAnswered);
    }

    /** R6.5: the caller's candidates while ringing reach the answering session, in order, after the answer. */
    @Test
    public void required_R6_5_candidatesWhileRingingAreBufferedAndFlushed() {
        verify(TimeoutCases::candidatesWhileRingingAreBufferedAndFlushed);
    }

    /** R6.5: a candidate over the buffer (default 64): {@code too_large}, dropped. */
    @Test
    public void required_R6_5_candidateBufferIsBounded() {
        verify(TimeoutCases::candidateBufferIsBounded);
    }

    /** R6.5: the buffer of a call that ends while ringing is discarded. */
    @Test
    public void required_R6_5_bufferIsDiscardedWhenTheCallEndsWhileRinging() {
        verify(TimeoutCases::bufferIsDiscardedWhenTheCallEndsWhileRinging);
    }

    /** R6.7: a ringing session that drops changes nothing; it may resume and answer. */
    @Test
    public void required_R6_7_droppedRingingSessionMayResumeAndAnswer() {
        verify(TimeoutCases::droppedRingingSessionMayResumeAndAnswer);
    }

    /** R6.9: resume tokens are long enough for 128 bits and distinct. */
    @Test
    public void required_R6_9_resumeTokensAreLongAndDistinct() {
        verify(TimeoutCases::resumeTokensAreLongAndDistinct);
    }

    /**
     * R6.9 (and 0.4, a SHOULD): session ids and resume tokens are drawn from the characters of call ids, so that they
     * need no escaping in a URL.
     */
    @Test
    public void optional_R6_9_sessionIdsAndResumeTokensNeedNoEscaping() {
        verify(TimeoutCases::sessionIdsAndResumeTokensNeedNoEscaping);
    }

    /** R6.10: at least the last 512 events are kept for a replay. */
    @Test
    @Tag("slow")
    public void required_R6_10_atLeast512EventsAreKeptForReplay() {
        verify(TimeoutCases::atLeast512EventsAreKeptForReplay);
    }

    // ---- 7 Call records and history

    /** R7.1: one record per issued call id (offline and busy too), none for self and glare; both parties see it. */
    @Test
    public void required_R7_1_everyIssuedCallIdLeavesOneRecord() {
        verify(RecordCases::everyIssuedCallIdLeavesOneRecord);
    }

    /** R7.2: records have their members, formats and duration. */
    @Test
    public void required_R7_2_recordsHaveTheirMembers() {
        verify(RecordCases::recordsHaveTheirMembers);
    }

    /** R7.3: the history lists the user's own records, newest first. */
    @Test
    public void required_R7_3_historyListsOwnRecordsNewestFirst() {
        verify(RecordCases::historyListsOwnRecordsNewestFirst);
    }

    /** R7.3: {@code limit}, {@code before}, {@code next_before}; a limit out of range is {@code invalid_message}. */
    @Test
    public void required_R7_3_historyPages() {
        verify(RecordCases::historyPages);
    }

    // ---- 8 Errors and limits

    /** R8.1: refused messages get {@code error} and the connection stays usable. */
    @Test
    public void required_R8_1_refusedMessagesKeepTheConnectionUsable() {
        verify(ErrorCases::refusedMessagesKeepTheConnectionUsable);
    }

    /** R8.2: frames that are not one JSON object, and binary frames: {@code bad_json}. */
    @Test
    public void required_R8_2_badJsonIsRefused() {
        verify(ErrorCases::badJsonIsRefused);
    }

    /** R8.3: no action, a non-string action, an unknown action: {@code unknown_action}. */
    @Test
    public void required_R8_3_unknownActionIsRefused() {
        verify(ErrorCases::unknownActionIsRefused);
    }

    /** R8.4: wrong types and ranges: {@code invalid_message} naming the field. */
    @Test
    public void required_R8_4_invalidMessageNamesTheField() {
        verify(ErrorCases::invalidMessageNamesTheField);
    }

    /** R8.5: relays after the hang-up: {@code unknown_call}. */
    @Test
    public void required_R8_5_messagesAfterHangUpAreUnknownCall() {
        verify(ErrorCases::messagesAfterHangUpAreRefused);
    }

    /** R8.6: a stranger's actions on a call, with spoofed ids: {@code not_a_party}, reaching nobody. */
    @Test
    public void required_R8_6_nonPartyInjectionIsRefused() {
        verify(ErrorCases::nonPartyInjectionIsRefused);
    }

    /** R8.7: actions that do not fit the call's state: {@code invalid_state}. */
    @Test
    public void required_R8_7_invalidStateIsReported() {
        verify(EndingCases::ringingActionsOnAConnectedCallAreInvalidState);
    }

    /** R8.8: the 11th {@code start_call} in a minute, across sessions: {@code rate_limited} (default limit). */
    @Test
    public void required_R8_8_startCallRateIsLimited() {
        verify(ErrorCases::startCallRateIsLimited);
    }

    /** R8.9: a candidate over the ringing buffer: {@code too_large}. */
    @Test
    public void required_R8_9_tooLargeForTheCandidateBuffer() {
        verify(TimeoutCases::candidateBufferIsBounded);
    }

    /** R8.10: {@code v} other than 1: {@code unsupported_version}. */
    @Test
    public void required_R8_10_unsupportedVersion() {
        verify(ConnectionCases::unsupportedVersionIsRefused);
    }

    /** R8.12: naming a user who is not the peer reaches nobody. */
    @Test
    public void required_R8_12_spoofedIdsReachNobody() {
        verify(ErrorCases::spoofedIdsReachNobody);
    }

    /** R8.13: bad input is answered, never closed with an undocumented code. */
    @Test
    public void required_R8_13_malformedJsonDoesNotCloseTheConnection() {
        verify(ErrorCases::malformedJsonDoesNotCloseTheConnection);
    }

    /** R8.15: a frame over 64 KiB is closed with 1009; one under it is served. */
    @Test
    public void required_R8_15_oversizeFrameIsClosedWith1009() {
        verify(ErrorCases::oversizeFrameIsClosedWith1009);
    }

    /** R8.16: more than twice the flood limit in a second is closed with 4008. */
    @Test
    public void required_R8_16_floodIsClosedWith4008() {
        verify(ErrorCases::floodIsClosedWith4008);
    }

    /** R8.16: 100 messages in a burst (the default limit) are all served. */
    @Test
    public void required_R8_16_burstWithinTheLimitIsServed() {
        verify(ErrorCases::burstWithinTheLimitIsServed);
    }

    /** R8.17: {@code ping} gets {@code pong} with the nonce; a nonce over 64 is {@code invalid_message}. */
    @Test
    public void required_R8_17_pingIsAnsweredWithPong() {
        verify(ErrorCases::pingIsAnsweredWithPong);
    }

    // ---- 9 Flows, with the exact JSON of docs/protocol.md

    /** R2.9: flow 9.1, a full seed-003 call. */
    @Test
    public void required_R2_9_flow91Seed003Call() {
        verify(FlowCases::flow91Seed003Call);
    }

    /** R4.2: flow 9.2, reject. */
    @Test
    public void required_R4_2_flow92Reject() {
        verify(FlowCases::flow92Reject);
    }

    /** R4.3: flow 9.3, cancel. */
    @Test
    public void required_R4_3_flow93Cancel() {
        verify(FlowCases::flow93Cancel);
    }

    /** R6.1: flow 9.4, missed. */
    @Test
    public void required_R6_1_flow94Missed() {
        verify(FlowCases::flow94Missed);
    }

    /** R2.6: flow 9.5, busy, offline, self and a caller in a call. */
    @Test
    public void required_R2_6_flow95BusyOfflineSelf() {
        verify(FlowCases::flow95BusyOfflineSelf);
    }

    /** R5.4: flow 9.6, glare. */
    @Test
    public void required_R5_4_flow96Glare() {
        verify(FlowCases::flow96Glare);
    }

    /** R5.2: flow 9.7, answered elsewhere with ICE buffering. */
    @Test
    public void required_R5_2_flow97AnsweredElsewhere() {
        verify(FlowCases::flow97AnsweredElsewhere);
    }

    /** R3.4: flow 9.8, renegotiation and media state. */
    @Test
    public void required_R3_4_flow98Renegotiation() {
        verify(FlowCases::flow98Renegotiation);
    }

    /** R6.3: flow 9.9, resume with replay. */
    @Test
    public void required_R6_3_flow99Resume() {
        verify(FlowCases::flow99Resume);
    }

    /** R1.10: Appendix A: the seed-003 shapes, accepted and answered with added members only. */
    @Test
    public void required_R1_10_appendixASeed003ShapesAreAccepted() {
        verify(FlowCases::appendixASeed003ShapesAreAccepted);
    }

    // ---- The model: random sessions against the call machine

    /**
     * Appendix D and G: several users with one or more sessions each act at random (calls, answers, rejects,
     * cancels, relays, hang-ups, bad input, dropped sockets, resumes, races, waits for timers); the pure call
     * machine of protocol-model predicts what every session must receive, and each session must receive exactly
     * that: no missing event, no extra one, each call's events in order. Failing chains shrink; the failure shows
     * the seed and the shrunk chain.
     */
    @Test
    public void required_model_everySessionGetsWhatTheCallMachinePredicts() {
        verify(kit -> ModelRun.run(kit, effectiveOptions()));
    }

    // ---- Rules the kit cannot check from outside (docs/protocol.md section 10)

    /** R1.2: not checkable from outside. */
    @Test
    public void untested_R1_2_keyAndAlgorithmConfiguration() {
        untested("the key and algorithm configuration beyond the tokens the kit can forge or sign is not "
                + "visible from outside (section 10)");
    }
    /** R1.5: not checkable from outside. */
    @Test
    public void untested_R1_5_callIdsAreUnpredictable() {
        untested("the kit checks the format and uniqueness of call ids, not that they are unpredictable (section 10)");
    }

    /** R5.2: not checkable from outside. */
    @Test
    public void untested_R5_2_firstAnswerIsAtomicAcrossNodes() {
        untested("atomicity across server nodes: the kit races two answers against one endpoint only (section 10)");
    }

    /** R5.4: not checkable from outside. */
    @Test
    public void untested_R5_4_clientAnswersTheGlareCall() {
        untested("what a client does after glare is client behaviour, checked by the client SDK's tests (section 10)");
    }

    /** R6.6: not checkable from outside. */
    @Test
    public void untested_R6_6_shutdownEndsEveryLiveCall() {
        untested("graceful shutdown needs a way to stop the server, which the kit is not given (section 10)");
    }

    /** R6.8: not checkable from outside. */
    @Test
    public void untested_R6_8_clientsReconnectWithBackoff() {
        untested("client behaviour, checked by the client SDK's tests (section 10)");
    }

    /** R6.9: not checkable from outside. */
    @Test
    public void untested_R6_9_resumeTokensComeFromASecureRandomSource() {
        untested("the kit checks the length and distinctness of resume tokens, not their source of "
                + "randomness, nor the unpredictability of call ids (section 10)");
    }

    /** R7.1: not checkable from outside. */
    @Test
    public void untested_R7_1_recordsAreStoredDurablyOnce() {
        untested("the kit sees records only through get_call_history, not the record store (section 10)");
    }

    /** R7.4: not checkable from outside. */
    @Test
    public void untested_R7_4_openRecordsAreWritten() {
        untested("open records need a durable store and are never listed (section 10)");
    }

    /** R7.5: not checkable from outside. */
    @Test
    public void untested_R7_5_interruptedCallsAreClosed() {
        untested("needs the server process to die mid-call (section 10)");
    }

    /** R8.11: not checkable from outside. */
    @Test
    public void untested_R8_11_internalErrors() {
        untested("an internal error needs a server fault (section 10)");
    }

    /** R8.14: not checkable from outside. */
    @Test
    public void untested_R8_14_shutdownClosesWith1001() {
        untested("graceful shutdown needs a way to stop the server, which the kit is not given (section 10)");
    }

    /** R8.17: not checkable from outside. */
    @Test
    public void untested_R8_17_keepalivePingsAndIdleClose() {
        untested("WebSocket pings every 30 s and the 90 s idle close are too slow to wait for");
    }

    /** R8.18: not checkable from outside. */
    @Test
    public void untested_R8_18_noMediaIsCarriedOrStored() {
        untested("the server never carries, records or stores media: not visible over the signaling socket "
                + "(section 10)");
    }

    /** R8.19: not checkable from outside. */
    @Test
    public void untested_R8_19_secretsAreNotLogged() {
        untested("tokens, resume tokens and payloads must stay out of the server's logs, which the kit "
                + "cannot read (section 10)");
    }

    // ---- machinery

    /**
     * Runs the calling case method's body: its name (the calling method's) decides whether a failure is FAILED
     * (required), NON-STRICT (optional), and whether it is listed as known to fail.
     */
    private void verify(CaseRunner.Body body) {
        String caseName = callingCase();
        ConformanceOptions options = effectiveOptions();
        if (options.profile() == Profile.CORE && isSlow(caseName)) {
            throw new TestAbortedException("not run in profile core (tagged slow)");
        }
        java.util.concurrent.locks.Lock lock = caseName.startsWith("required_model_") ? ALONE.writeLock()
                : ALONE.readLock();
        lock.lock();
        try {
            CaseRunner.run(environment(), options, caseName, body);
        } finally {
            lock.unlock();
        }
    }

    /** Ends an {@code untested_} case with its reason. */
    private void untested(String reason) {
        throw new Untested(reason);
    }

    private ConformanceOptions effectiveOptions() {
        return options();
    }

    private RunEnvironment environment() {
        if (this instanceof EnvironmentProvider provider) {
            return provider.environment();
        }
        RunEnvironment known = environment;
        if (known == null) {
            synchronized (lock) {
                if (environment == null) {
                    ConformanceTarget target = target();
                    ConformanceOptions options = options();
                    RunEnvironment[] created = new RunEnvironment[1];
                    created[0] = new RunEnvironment(target.urls(), target.tokens(), options.timeout(),
                            target.ringTimeout().orElse(null), options.replayDirectory(),
                            () -> Probe.learn(created[0]));
                    // The preflight, once, before any case: learns the server's timers and warms the connections up.
                    try {
                        created[0].facts();
                    } catch (AssertionError | RuntimeException e) {
                        // each case reports the server's failure itself
                    }
                    environment = created[0];
                }
                known = environment;
            }
        }
        return known;
    }

    private String callingCase() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getMethodName)
                .filter(name -> name.startsWith("required_") || name.startsWith("optional_")
                        || name.startsWith("untested_"))
                .findFirst())
                .orElseThrow(() -> new IllegalStateException("verify(...) is called from a case method, named "
                        + "required_..., optional_... or untested_..."));
    }

    private boolean isSlow(String caseName) {
        for (Class<?> type = getClass(); type != null; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(caseName)) {
                    for (Tag tag : method.getAnnotationsByType(Tag.class)) {
                        if (tag.value().equals("slow")) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
