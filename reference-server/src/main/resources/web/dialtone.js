/**
 * @file dialtone.js: the reference browser client of the Dialtone signaling protocol v1 (docs/protocol.md).
 *
 * One {@link DialtoneClient} is one signed-in user on one WebSocket: it connects with a JWT, keeps the session alive
 * across dropped sockets (R6.3 resume with `resume_token` and `last_seq`, duplicates dropped by `seq`), places,
 * answers, rejects, cancels and hangs up one call at a time, and runs the call's `RTCPeerConnection`: the SDP offer
 * travels in `start_call` and the answer in `answer_call`, ICE candidates are relayed both ways, remote candidates
 * that arrive before the remote description are buffered until it is set, and tracks added during a call (camera on
 * in an audio call) renegotiate with the "perfect negotiation" pattern (the callee is the polite peer).
 *
 * It is a plain ES module with no dependencies and no build step:
 *
 * ```js
 * import { DialtoneClient } from "/dialtone.js";
 *
 * const client = new DialtoneClient({ token: jwt });
 * client.on("incoming", ({ call }) => confirm(`Answer ${call.peerName}?`) ? client.answer() : client.reject());
 * client.on("remotestream", ({ stream }) => { remoteVideo.srcObject = stream; });
 * client.on("ended", ({ reason, message }) => console.log("call ended:", reason, message));
 * await client.connect();
 * await client.startCall(2, { video: true });
 * ```
 *
 * Listeners are called synchronously, in the order events happen; a listener that throws is reported on the console
 * and does not disturb the client. Every user id is compared by its text (protocol 0.4): `2` and `"2"` are one user.
 *
 * @module dialtone
 */

/** The protocol version this client speaks (`welcome.protocol_version`). */
export const PROTOCOL_VERSION = 1;

/** The WebSocket path of a Dialtone server (R1.1). */
export const PROTOCOL_PATH = "/ws/call/";

/** Close codes after which the client never reconnects on its own (R6.8, Appendix E). */
const FINAL_CLOSE_CODES = new Map([
  [4001, "authentication failed: the token is missing, invalid or expired"],
  [4003, "this page's origin is not allowed by the server"],
  [4006, "the server does not speak protocol version 1"],
  [4009, "this session was resumed in another tab or window"],
]);
const TOKEN_EXPIRED = 4010;

/** The close code the client uses for {@link DialtoneClient#simulateNetworkDrop}: any code but a takeover detaches. */
const SIMULATED_DROP = 3000;

/** How many actions are kept while the socket is down, to be sent once it is back. */
const OUTBOX_LIMIT = 256;

/**
 * @typedef {string|number} UserId A user id: a number or a string (protocol 0.4), compared by its text.
 */

/**
 * @typedef {"dialing"|"ringing"|"incoming"|"answering"|"connected"|"ended"} CallState
 * What the client knows of its call: `dialing` (local media and offer being prepared, `start_call` sent, no call id
 * yet), `ringing` (outgoing, the callee's devices ring), `incoming` (ringing here), `answering` (local media being
 * prepared for the answer), `connected` (answered; media may still be connecting, see the `pcstate` event), `ended`.
 */

/**
 * @typedef {object} Call The one call a client takes part in. The client updates it in place; treat it as read-only.
 * @property {string|null} id the call id (null while `dialing`)
 * @property {"outgoing"|"incoming"} direction whether this user placed it
 * @property {UserId} peerId the other party
 * @property {string|null} peerName the caller's display name (`incoming_call.caller_username`); null for outgoing calls
 * @property {"audio"|"video"} type the type the call was placed with (renegotiation does not change it)
 * @property {CallState} state where the call is
 * @property {number} startedAt when the client placed it or saw it ring (epoch ms)
 * @property {number|null} answeredAt when it was answered (epoch ms), for the call duration
 * @property {number|null} endedAt when it ended (epoch ms)
 * @property {{audio: boolean, video: boolean}} local whether this user's microphone and camera are on
 * @property {{audio: boolean|null, video: boolean|null}} peer the peer's microphone and camera as its last
 *     `peer_media_state` told (null: not told yet)
 */

/**
 * @typedef {object} EndedEvent The detail of the `ended` event.
 * @property {Call} call the call, in state `ended`
 * @property {string} reason why: `hangup_local`, `hangup_remote`, `rejected` (by the callee), `rejected_local`,
 *     `cancelled` (by the caller), `cancelled_local`, `missed`, `unavailable` (see `unavailableReason`),
 *     `answered_elsewhere`, `rejected_elsewhere`, `peer_disconnected`, `server_shutdown`, `media_error` (no
 *     camera or microphone), `error` (the server refused the call's action), `connection_lost` (the session could not
 *     be resumed), `resume_gap` (events were lost while the socket was down: the call was ended to be safe)
 * @property {string} [unavailableReason] for `unavailable`: `offline`, `busy`, `self`
 * @property {string} message a sentence for people
 * @property {object} [error] the server's `error` event or the media error, when one caused the end
 */

/**
 * @typedef {object} ClientOptions
 * @property {string|function(): (string|Promise<string>)} token the JWT, or a function giving a current one (called
 *     for every connection, so it can refresh an expiring token; then a 4010 close reconnects too)
 * @property {string} [url] the WebSocket endpoint; default `ws(s)://<this page's host>/ws/call/`
 * @property {RTCConfiguration} [rtcConfiguration] for every `RTCPeerConnection` (STUN/TURN servers); default `{}`
 * @property {number} [maxReconnectDelayMs] the cap of the reconnect backoff; default 30000 (R6.8)
 * @property {function(MediaStreamConstraints): Promise<MediaStream>} [getUserMedia] how local media is obtained;
 *     default `navigator.mediaDevices.getUserMedia`
 * @property {typeof WebSocket} [WebSocket] the WebSocket class; default the browser's
 */

/**
 * A Dialtone client for one user: connection, session resume, one call at a time and its peer connection.
 *
 * Events (subscribe with {@link DialtoneClient#on}; each listener gets one detail object):
 * - `connection` `{state, code?, reason?, final?}`: `connecting`, `open`, `reconnecting` (with the close `code`),
 *   `closed` (`final` when the server refused the connection for good; `reason` says why);
 * - `welcome` `{userId, sessionId, resumed, ringTimeoutMs, resumeGraceMs}`: every `welcome`, also after a resume;
 * - `incoming` `{call}`: a call rings here; answer with {@link DialtoneClient#answer} or {@link DialtoneClient#reject};
 * - `callstate` `{call}`: the call changed state (also for `ended`);
 * - `ended` {@link EndedEvent}: the call is over (its peer connection is closed and local media stopped);
 * - `localstream` `{stream}` and `remotestream` `{stream}`: a stream to show (a new object whenever tracks change);
 * - `localmediastate` `{audio, video}`, `peermediastate` `{audio, video, call}`: microphone and camera states;
 * - `pcstate` `{connectionState, iceConnectionState}`: the peer connection's progress (`connected` = media flows);
 * - `servererror` `{code, message, action?, field?, call_id?}`: the server refused an action (R8.1);
 * - `mediaerror` `{error, message, fatal}`: the camera or microphone could not be had for {@link DialtoneClient#answer}
 *   or {@link DialtoneClient#setCamera} (`fatal`: the action failed; not fatal: answered with audio only), or a
 *   WebRTC step failed (for {@link DialtoneClient#startCall} the `ended` event says it);
 * - `glare` `{call}`: both users called each other at once; the client answers the pending call itself (R5.4);
 * - `event` `{event}`: every server event after duplicate removal, for logging.
 */
export class DialtoneClient {
  /** @param {ClientOptions} options */
  constructor(options) {
    if (!options || (typeof options.token !== "string" && typeof options.token !== "function")) {
      throw new TypeError("DialtoneClient: options.token (a JWT or a function returning one) is required");
    }
    this._token = options.token;
    this._url = options.url || defaultUrl();
    this._rtcConfiguration = options.rtcConfiguration || {};
    this._maxDelay = options.maxReconnectDelayMs ?? 30000;
    this._getUserMedia = options.getUserMedia
      || ((constraints) => navigator.mediaDevices.getUserMedia(constraints));
    this._WebSocket = options.WebSocket || globalThis.WebSocket;

    /** @type {Map<string, Set<Function>>} */
    this._listeners = new Map();

    /** `idle`, `connecting`, `open`, `reconnecting` or `closed`. */
    this.connectionState = "idle";
    /** @type {UserId|null} this user, from `welcome` */
    this.userId = null;
    /** @type {string|null} */
    this.sessionId = null;
    /** @type {number|null} the server's ring timeout (ms) */
    this.ringTimeoutMs = null;
    /** @type {number|null} the server's resume grace (ms) */
    this.resumeGraceMs = null;
    /** @type {Call|null} the current call */
    this.call = null;
    /** @type {RTCPeerConnection|null} the current call's peer connection */
    this.pc = null;
    /** @type {MediaStream|null} this user's camera and microphone during a call */
    this.localStream = null;
    /** @type {MediaStream|null} what the peer sends */
    this.remoteStream = null;

    this._ws = null;
    this._resumeToken = null;
    this._lastSeq = 0;
    this._gapCheck = null;
    this._attempt = 0;
    this._reconnectTimer = null;
    this._closedByUser = false;
    this._outbox = [];
    this._welcomeWaiters = [];
    this._historyWaiters = [];
    this._pingWaiters = [];
    this._nonce = 0;

    // Work on the peer connection runs one step at a time, in the order events arrived.
    this._chain = Promise.resolve();
    this._remoteCandidates = [];
    this._localCandidates = [];
    this._pendingIncoming = null;
    this._cancelNextRinging = false;
    this._makingOffer = false;
    this._negotiated = false;
    this._negotiationPending = false;
  }

  // ------------------------------------------------------------------------------------------------ listeners

  /**
   * Adds a listener.
   *
   * @param {string} type an event name (see the class documentation)
   * @param {function(object): void} listener called with the event's detail
   * @returns {function(): void} a function that removes the listener
   */
  on(type, listener) {
    if (!this._listeners.has(type)) {
      this._listeners.set(type, new Set());
    }
    this._listeners.get(type).add(listener);
    return () => this.off(type, listener);
  }

  /** Removes a listener added with {@link DialtoneClient#on}. */
  off(type, listener) {
    this._listeners.get(type)?.delete(listener);
  }

  _emit(type, detail) {
    for (const listener of [...(this._listeners.get(type) || [])]) {
      try {
        listener(detail);
      } catch (e) {
        console.error(`dialtone: a '${type}' listener failed`, e);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ connection

  /**
   * Opens the connection.
   *
   * @returns {Promise<object>} the `welcome` event (its members as the server sent them)
   * @throws the promise rejects when the server refuses the connection for good (a bad token: 4001; see the
   *     `connection` event); a server that cannot be reached is retried with backoff until it answers
   */
  connect() {
    if (this.connectionState === "open" || this.connectionState === "connecting") {
      return this.connectionState === "open" ? Promise.resolve(this._welcome) : this._waitForWelcome();
    }
    this._closedByUser = false;
    const welcome = this._waitForWelcome();
    this._open(false);
    return welcome;
  }

  /**
   * Closes the connection for good: a live call is ended first (`hang_up`, `cancel_call` or `reject_call`), as a
   * dropped socket would otherwise keep it alive for the resume grace (R6.2).
   */
  close() {
    if (this.call) {
      this.hangUp();
    }
    this._closedByUser = true;
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = null;
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      // Let the actions queued just now go out before the close frame.
      ws.close(1000, "client closed");
    }
    this._setConnection({ state: "closed", reason: "closed by the client", final: true });
    this._failWaiters(new Error("the client was closed"));
  }

  /**
   * Closes the socket as a network failure would, without ending the session: the client reconnects and resumes
   * (R6.3). For tests and demonstrations of resume.
   */
  simulateNetworkDrop() {
    if (this._ws) {
      this._ws.close(SIMULATED_DROP, "simulated network drop");
    }
  }

  _waitForWelcome() {
    return new Promise((resolve, reject) => this._welcomeWaiters.push({ resolve, reject }));
  }

  async _open(resume) {
    this._setConnection({ state: resume ? "reconnecting" : "connecting" });
    let token;
    try {
      token = typeof this._token === "function" ? await this._token() : this._token;
    } catch (e) {
      this._scheduleReconnect(0, "no token: " + e);
      return;
    }
    if (this._closedByUser) {
      return;
    }
    const params = new URLSearchParams({ token: String(token) });
    if (resume && this._resumeToken) {
      params.set("resume_token", this._resumeToken);
      params.set("last_seq", String(this._lastSeq));
    }
    let ws;
    try {
      ws = new this._WebSocket(this._url + (this._url.includes("?") ? "&" : "?") + params);
    } catch (e) {
      this._scheduleReconnect(Math.min(this._maxDelay, 1000 * 2 ** this._attempt), "cannot connect: " + e);
      return;
    }
    this._ws = ws;
    ws.onmessage = (e) => {
      if (ws === this._ws) {
        this._onFrame(e.data);
      }
    };
    ws.onclose = (e) => {
      if (ws === this._ws) {
        this._ws = null;
        this._onClose(e.code, e.reason);
      }
    };
  }

  _onClose(code, reason) {
    if (this._closedByUser) {
      return;
    }
    const final = FINAL_CLOSE_CODES.get(code)
      || (code === TOKEN_EXPIRED && typeof this._token !== "function" ? "the token expired" : null);
    if (final) {
      this._setConnection({ state: "closed", code, reason: final, final: true });
      this._failWaiters(new Error(final + " (close code " + code + ")"));
      if (this.call) {
        this._endCall("connection_lost", { message: "The call ended: the connection to the server was closed ("
          + final + ")." });
      }
      return;
    }
    const delay = this._attempt === 0 ? 0
      : Math.min(this._maxDelay, 1000 * 2 ** (this._attempt - 1)) * (0.5 + Math.random() / 2);
    this._scheduleReconnect(delay, reason || ("close code " + code), code);
  }

  _scheduleReconnect(delay, why, code) {
    this._attempt += 1;
    this._setConnection({ state: "reconnecting", code, reason: why, delayMs: Math.round(delay) });
    clearTimeout(this._reconnectTimer);
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (!this._closedByUser) {
        this._open(this._resumeToken !== null);
      }
    }, delay);
  }

  _setConnection(detail) {
    this.connectionState = detail.state;
    this._emit("connection", detail);
  }

  _failWaiters(error) {
    for (const waiter of this._welcomeWaiters.splice(0)) {
      waiter.reject(error);
    }
    for (const waiter of this._historyWaiters.splice(0)) {
      waiter.reject(error);
    }
    for (const waiter of this._pingWaiters.splice(0)) {
      waiter.reject(error);
    }
  }

  /** Sends one action now, or once the socket is back. */
  _send(action) {
    const ws = this._ws;
    if (ws && ws.readyState === 1 && this.connectionState === "open") {
      ws.send(JSON.stringify(action));
    } else if (!this._closedByUser) {
      if (this._outbox.length >= OUTBOX_LIMIT) {
        this._outbox.shift();
      }
      this._outbox.push(action);
    }
  }

  _onFrame(text) {
    let event;
    try {
      event = JSON.parse(text);
    } catch (e) {
      console.warn("dialtone: a frame that is not JSON was ignored", e);
      return;
    }
    if (!event || typeof event.type !== "string") {
      return;
    }
    if (event.type === "welcome") {
      this._onWelcome(event);
      return;
    }
    if (typeof event.seq === "number") {
      if (event.seq <= this._lastSeq) {
        return; // a duplicate of an event already processed (R6.3)
      }
      if (this._gapCheck !== null) {
        const expected = this._gapCheck + 1;
        this._gapCheck = null;
        if (event.seq > expected && this.call) {
          this._onResumeGap();
        }
      }
      this._lastSeq = event.seq;
    }
    this._emit("event", { event });
    this._dispatch(event);
  }

  _onWelcome(event) {
    const hadSession = this.sessionId !== null;
    this.userId = event.user_id;
    this.ringTimeoutMs = event.ring_timeout_ms;
    this.resumeGraceMs = event.resume_grace_ms;
    this._resumeToken = event.resume_token ?? null;
    this._attempt = 0;
    this._welcome = event;
    if (event.resumed) {
      // Replayed events follow; the first one tells whether some were lost (R6.10).
      this._gapCheck = this._lastSeq;
    } else {
      this._lastSeq = 0;
      this._gapCheck = null;
      if (hadSession) {
        for (const waiter of this._historyWaiters.splice(0)) {
          waiter.reject(new Error("the session was lost before the answer came"));
        }
        this._outbox = [];
        if (this.call) {
          this._endCall("connection_lost", { message: "The call ended: the connection was lost for too long to "
            + "resume it." });
        }
      }
    }
    this.sessionId = event.session_id;
    this._setConnection({ state: "open", resumed: !!event.resumed });
    this._emit("welcome", {
      userId: event.user_id, sessionId: event.session_id, resumed: !!event.resumed,
      ringTimeoutMs: event.ring_timeout_ms, resumeGraceMs: event.resume_grace_ms,
    });
    for (const action of this._outbox.splice(0)) {
      this._send(action);
    }
    for (const waiter of this._welcomeWaiters.splice(0)) {
      waiter.resolve(event);
    }
  }

  _onResumeGap() {
    // Events of the call may be lost: its state is unknown, so end it (R6.10); an error tells if it was over.
    const call = this.call;
    if (call.state === "connected") {
      this._send({ action: "hang_up", call_id: call.id, peer_id: call.peerId });
    } else if (call.state === "ringing") {
      this._send({ action: "cancel_call", call_id: call.id, callee_id: call.peerId });
    } else if (call.state === "incoming" || call.state === "answering") {
      this._send({ action: "reject_call", call_id: call.id, caller_id: call.peerId });
    }
    this._endCall("resume_gap", { message: "The call ended: some of its messages were lost while the connection "
      + "was down." });
  }

  // ------------------------------------------------------------------------------------------------ call actions

  /**
   * Places a call: asks for the microphone (and camera for a video call), makes the SDP offer and sends
   * `start_call` with it. The outcome arrives as events: `callstate` (ringing, connected) or `ended`.
   *
   * @param {UserId} calleeId whom to call
   * @param {{video?: boolean}} [options] `video: true` for a video call
   * @returns {Promise<Call>} the call, once `start_call` is sent
   * @throws the promise rejects when not connected, already in a call, or when local media cannot be had (then the
   *     `ended` event has reason `media_error` and a sentence saying why)
   */
  async startCall(calleeId, options = {}) {
    if (this.connectionState !== "open") {
      throw new Error("not connected");
    }
    if (this.call) {
      throw new Error("already in a call");
    }
    if (calleeId === null || calleeId === undefined || String(calleeId).trim() === "") {
      throw new Error("whom to call? a user id is required");
    }
    const type = options.video ? "video" : "audio";
    const call = this._newCall({ direction: "outgoing", peerId: calleeId, type, state: "dialing" });
    let stream;
    try {
      stream = await this._getUserMedia({ audio: true, video: type === "video" });
    } catch (error) {
      if (this.call === call) {
        this._endCall("media_error", { message: mediaErrorMessage(error, type), error });
      }
      throw error;
    }
    if (this.call !== call) {
      stopStream(stream); // cancelled meanwhile
      return call;
    }
    this._setLocalStream(stream);
    await this._step(async () => {
      if (this.call !== call) {
        return;
      }
      const pc = this._createPeerConnection(call);
      for (const track of stream.getTracks()) {
        pc.addTrack(track, stream);
      }
      await pc.setLocalDescription(await pc.createOffer());
      if (this.call !== call) {
        return;
      }
      this._send({ action: "start_call", callee_id: calleeId, call_type: type,
        offer: pc.localDescription.toJSON() });
      call.startSent = true;
    });
    return call;
  }

  /**
   * Answers the call that rings here: asks for the microphone (and camera for a video call; when the camera cannot
   * be had the call is answered with audio only), answers the caller's offer and sends `answer_call`.
   *
   * @param {{video?: boolean}} [options] `video: false` answers a video call without the camera
   * @returns {Promise<void>} resolves once `answer_call` is sent
   * @throws the promise rejects when no call rings here or no microphone can be had
   */
  async answer(options = {}) {
    const call = this.call;
    if (!call || call.state !== "incoming") {
      throw new Error("no call is ringing here");
    }
    this._setCallState(call, "answering");
    const wantVideo = call.type === "video" && options.video !== false;
    let stream;
    try {
      stream = await this._getUserMedia({ audio: true, video: wantVideo });
    } catch (error) {
      if (wantVideo) {
        this._emit("mediaerror", { error, fatal: false,
          message: mediaErrorMessage(error, "video") + " Answering with audio only." });
        try {
          stream = await this._getUserMedia({ audio: true, video: false });
        } catch (second) {
          error = second;
        }
      }
      if (!stream) {
        this._emit("mediaerror", { error, fatal: true, message: mediaErrorMessage(error, "audio") });
        if (this.call === call && call.state === "answering") {
          this._setCallState(call, "incoming"); // still ringing: the user may reject it
        }
        throw error;
      }
    }
    if (this.call !== call || call.state !== "answering") {
      stopStream(stream); // cancelled, missed or answered elsewhere meanwhile
      return;
    }
    call.local.video = stream.getVideoTracks().length > 0;
    this._setLocalStream(stream);
    this._emit("localmediastate", { ...call.local });
    await this._answerWith(call, stream);
  }

  _answerWith(call, stream) {
    return this._step(async () => {
      if (this.call !== call) {
        return;
      }
      const pc = this._createPeerConnection(call);
      let answer;
      if (call.offer) {
        await pc.setRemoteDescription(call.offer);
        for (const track of stream.getTracks()) {
          pc.addTrack(track, stream);
        }
        await pc.setLocalDescription(await pc.createAnswer());
        answer = pc.localDescription.toJSON();
        this._negotiated = true;
        await this._flushRemoteCandidates();
      } else {
        // A caller that sends its offer after the answer (seed 003): it comes as call_offer.
        for (const track of stream.getTracks()) {
          pc.addTrack(track, stream);
        }
      }
      if (this.call !== call) {
        return;
      }
      const action = { action: "answer_call", call_id: call.id, caller_id: call.peerId };
      if (answer) {
        action.answer = answer;
      }
      this._send(action);
      if (call.type === "video" && !call.local.video) {
        this._send({ action: "media_state", call_id: call.id, video: false }); // answered without the camera
      }
      call.answeredAt = Date.now();
      this._setCallState(call, "connected");
      if (answer) {
        this._afterInitialNegotiation(); // else that happens once the caller's offer is answered
      }
    });
  }

  /** Rejects the call that rings here (`reject_call`). */
  reject() {
    const call = this.call;
    if (!call || call.direction !== "incoming" || (call.state !== "incoming" && call.state !== "answering")) {
      throw new Error("no call is ringing here");
    }
    this._send({ action: "reject_call", call_id: call.id, caller_id: call.peerId });
    this._endCall("rejected_local", { message: "You rejected the call." });
  }

  /** Cancels this user's outgoing call before it is answered (`cancel_call`). */
  cancel() {
    const call = this.call;
    if (!call || call.direction !== "outgoing" || (call.state !== "dialing" && call.state !== "ringing")) {
      throw new Error("no outgoing call is ringing");
    }
    if (call.id) {
      this._send({ action: "cancel_call", call_id: call.id, callee_id: call.peerId });
    } else if (call.startSent) {
      this._cancelNextRinging = true; // the call id comes with call_ringing
    } // else start_call was never sent: there is nothing to cancel
    this._endCall("cancelled_local", { message: "You cancelled the call." });
  }

  /**
   * Ends the call whatever its state: `hang_up` when connected, else cancels or rejects it. Does nothing without a
   * call.
   */
  hangUp() {
    const call = this.call;
    if (!call) {
      return;
    }
    if (call.state === "connected") {
      this._send({ action: "hang_up", call_id: call.id, peer_id: call.peerId });
      this._endCall("hangup_local", { message: "You hung up." });
    } else if (call.direction === "outgoing") {
      this.cancel();
    } else {
      this.reject();
    }
  }

  /**
   * Turns the microphone on or off and tells the peer (`media_state` `audio`).
   *
   * @param {boolean} on whether the microphone sends sound
   */
  setMicrophone(on) {
    const call = this.call;
    if (!call) {
      throw new Error("no call");
    }
    for (const track of this.localStream?.getAudioTracks() || []) {
      track.enabled = !!on;
    }
    call.local.audio = !!on;
    this._emit("localmediastate", { ...call.local });
    if (call.state === "connected") {
      this._send({ action: "media_state", call_id: call.id, audio: !!on });
    }
  }

  /**
   * Turns the camera on or off and tells the peer (`media_state` `video`). Turning it on in a call that has no
   * camera yet (an audio call) asks for the camera and renegotiates (R3.4): the peer then receives video.
   *
   * @param {boolean} on whether the camera sends pictures
   * @returns {Promise<void>}
   * @throws the promise rejects when the camera cannot be had (a `mediaerror` event says so too)
   */
  async setCamera(on) {
    const call = this.call;
    if (!call) {
      throw new Error("no call");
    }
    const tracks = this.localStream?.getVideoTracks().filter((t) => t.readyState === "live") || [];
    if (on && tracks.length === 0) {
      let stream;
      try {
        stream = await this._getUserMedia({ video: true });
      } catch (error) {
        this._emit("mediaerror", { error, fatal: true, message: mediaErrorMessage(error, "video") });
        throw error;
      }
      if (this.call !== call) {
        stopStream(stream);
        return;
      }
      const [track] = stream.getVideoTracks();
      const local = new MediaStream([...(this.localStream?.getTracks() || []), track]);
      this._setLocalStream(local);
      const pc = this.pc;
      if (pc) {
        // Reuse the video transceiver the peer's offer made, if any; otherwise add one. Either needs negotiation.
        const reusable = pc.getTransceivers().find((t) => !t.stopped && !t.sender.track
          && t.receiver.track && t.receiver.track.kind === "video");
        if (reusable) {
          await reusable.sender.replaceTrack(track);
          reusable.sender.setStreams?.(local);
          reusable.direction = reusable.direction === "inactive" || reusable.direction === "sendonly"
            ? "sendonly" : "sendrecv";
        } else {
          pc.addTrack(track, local);
        }
      }
    } else {
      for (const track of tracks) {
        track.enabled = !!on;
      }
    }
    call.local.video = !!on;
    this._emit("localmediastate", { ...call.local });
    if (call.state === "connected") {
      this._send({ action: "media_state", call_id: call.id, video: !!on });
    }
  }

  /**
   * Asks for this user's call records, newest first (`get_call_history`, R7.3).
   *
   * @param {{limit?: number, before?: string}} [options] page size (1 to 200, default 50) and the call id after
   *     which the page starts
   * @returns {Promise<{records: object[], nextBefore: (string|undefined)}>} the records as the server wrote them
   *     (R7.2) and the `before` for the next page, if any
   */
  getCallHistory(options = {}) {
    const action = { action: "get_call_history" };
    if (options.limit !== undefined) {
      action.limit = options.limit;
    }
    if (options.before !== undefined) {
      action.before = options.before;
    }
    return new Promise((resolve, reject) => {
      this._historyWaiters.push({ resolve, reject });
      this._send(action);
    });
  }

  /**
   * Sends `ping` and resolves with the `pong` (R8.17): every event sent before it has then arrived.
   *
   * @returns {Promise<void>}
   */
  ping() {
    const nonce = "n-" + (++this._nonce);
    return new Promise((resolve, reject) => {
      this._pingWaiters.push({ nonce, resolve, reject });
      this._send({ action: "ping", nonce });
    });
  }

  // ------------------------------------------------------------------------------------------------ events

  _dispatch(event) {
    switch (event.type) {
      case "incoming_call": return this._onIncomingCall(event);
      case "call_ringing": return this._onCallRinging(event);
      case "call_unavailable": return this._onCallUnavailable(event);
      case "call_answered": return this._onCallAnswered(event);
      case "call_offer": return this._onRemoteOffer(event);
      case "call_answer": return this._onRemoteAnswer(event);
      case "ice_candidate": return this._onRemoteCandidate(event);
      case "peer_media_state": return this._onPeerMediaState(event);
      case "call_hanged_up":
        return this._endIfCurrent(event, "hangup_remote", `${this._peerLabel()} hung up.`);
      case "call_rejected":
        return this._endIfCurrent(event, "rejected", `${this._peerLabel()} rejected the call.`);
      case "call_cancelled":
        return this._endIfCurrent(event, "cancelled", `${this._peerLabel()} cancelled the call.`);
      case "call_missed":
        return this._endIfCurrent(event, "missed", this.call?.direction === "outgoing"
          ? `No answer: ${this._peerLabel()} did not pick up.`
          : `Missed call from ${this._peerLabel()}.`);
      case "call_ended": return this._onCallEnded(event);
      case "call_history": return this._onCallHistory(event);
      case "pong": return this._onPong(event);
      case "error": return this._onError(event);
      default: return undefined; // unknown events are ignored (R1.10)
    }
  }

  _onIncomingCall(event) {
    const incoming = {
      direction: "incoming", id: event.call_id, peerId: event.caller_id,
      peerName: event.caller_username ?? null, type: event.call_type === "video" ? "video" : "audio",
      state: "incoming", offer: event.offer ?? null,
    };
    if (!this.call) {
      const call = this._newCall(incoming);
      this._emit("incoming", { call });
    } else if (this.call.state === "dialing") {
      // Our start_call is on its way: it will come back as glare (from this caller) or invalid_state.
      this._pendingIncoming = incoming;
    }
  }

  _onCallRinging(event) {
    const call = this.call;
    if (call && call.direction === "outgoing" && call.state === "dialing") {
      call.id = event.call_id;
      this._setCallState(call, "ringing");
      for (const candidate of this._localCandidates.splice(0)) {
        this._send({ action: "ice_candidate", call_id: call.id, peer_id: call.peerId, candidate });
      }
    } else if (this._cancelNextRinging) {
      this._cancelNextRinging = false;
      this._send({ action: "cancel_call", call_id: event.call_id, callee_id: event.callee_id });
    }
  }

  _onCallUnavailable(event) {
    this._cancelNextRinging = false;
    const call = this.call;
    const pending = this._pendingIncoming;
    this._pendingIncoming = null;
    if (event.reason === "glare" && pending && pending.id === event.call_id) {
      // Both called at once: the peer's call wins; answer it with the media we already have (R5.4).
      const stream = this.localStream;
      this._closePeerConnection();
      const answered = this._newCall({ ...pending, state: "answering" });
      this._emit("glare", { call: answered });
      if (stream) {
        this._setLocalStream(stream);
        this._answerWith(answered, stream);
      } else {
        answered.state = "incoming";
        this._emit("incoming", { call: answered });
      }
      return;
    }
    if (!call || call.direction !== "outgoing" || call.state !== "dialing") {
      return;
    }
    const who = `User ${event.callee_id}`;
    const message = {
      offline: `${who} is offline: nobody is signed in with that id.`,
      busy: `${who} is busy in another call.`,
      self: "You cannot call yourself.",
      glare: `${who} is calling you at the same moment.`,
    }[event.reason] || `${who} cannot be called (${event.reason}).`;
    this._endCall("unavailable", { unavailableReason: event.reason, message });
    if (pending) {
      this._presentIncoming(pending);
    }
  }

  _onCallAnswered(event) {
    const call = this.call;
    if (!call || call.direction !== "outgoing" || call.id !== event.call_id) {
      return;
    }
    call.answeredAt = Date.now();
    this._setCallState(call, "connected");
    this._step(async () => {
      if (this.call !== call || !this.pc) {
        return;
      }
      if (event.answer) {
        await this.pc.setRemoteDescription(event.answer);
        await this._flushRemoteCandidates();
      } else if (this.pc.localDescription) {
        // The callee answered without SDP (seed 003): it expects our offer now.
        this._send({ action: "offer", call_id: call.id, callee_id: call.peerId,
          offer: this.pc.localDescription.toJSON() });
        return;
      }
      this._afterInitialNegotiation();
    });
  }

  _onRemoteOffer(event) {
    const call = this._callOf(event);
    if (!call) {
      return;
    }
    this._step(async () => {
      const pc = this.pc;
      if (this.call !== call || !pc) {
        return;
      }
      const polite = call.direction === "incoming";
      const collision = this._makingOffer || pc.signalingState !== "stable";
      if (collision && !polite) {
        return; // perfect negotiation: the impolite peer ignores the colliding offer; the polite one rolls back
      }
      await pc.setRemoteDescription(event.offer);
      await this._flushRemoteCandidates();
      await pc.setLocalDescription(await pc.createAnswer());
      this._send({ action: "answer", call_id: call.id, caller_id: call.peerId,
        answer: pc.localDescription.toJSON() });
      this._afterInitialNegotiation();
    });
  }

  _onRemoteAnswer(event) {
    const call = this._callOf(event);
    if (!call) {
      return;
    }
    this._step(async () => {
      const pc = this.pc;
      if (this.call !== call || !pc || pc.signalingState !== "have-local-offer") {
        return; // an answer to an offer that was rolled back or already answered
      }
      await pc.setRemoteDescription(event.answer);
      await this._flushRemoteCandidates();
      this._afterInitialNegotiation();
    });
  }

  _onRemoteCandidate(event) {
    const call = this._callOf(event);
    if (!call || !event.candidate) {
      return;
    }
    this._step(async () => {
      if (this.call !== call) {
        return;
      }
      if (this.pc && this.pc.remoteDescription) {
        await this._addCandidate(event.candidate);
      } else {
        this._remoteCandidates.push(event.candidate); // until the remote description is set (R6.5)
      }
    });
  }

  _onPeerMediaState(event) {
    const call = this._callOf(event);
    if (!call) {
      return;
    }
    if (typeof event.audio === "boolean") {
      call.peer.audio = event.audio;
    }
    if (typeof event.video === "boolean") {
      call.peer.video = event.video;
    }
    this._emit("peermediastate", { ...call.peer, call });
  }

  _onCallEnded(event) {
    const peer = this._peerLabel();
    const messages = {
      answered_elsewhere: "The call was answered on another of your devices.",
      rejected_elsewhere: "The call was rejected on another of your devices.",
      peer_disconnected: `The call ended: ${peer} lost the connection.`,
      server_shutdown: "The call ended: the server is shutting down.",
    };
    this._endIfCurrent(event, event.reason || "ended",
      messages[event.reason] || `The call ended (${event.reason}).`);
  }

  _onCallHistory(event) {
    const waiter = this._historyWaiters.shift();
    waiter?.resolve({ records: event.records || [], nextBefore: event.next_before });
  }

  _onPong(event) {
    const index = this._pingWaiters.findIndex((w) => w.nonce === event.nonce);
    if (index >= 0) {
      this._pingWaiters.splice(index, 1)[0].resolve();
    }
  }

  _onError(event) {
    this._emit("servererror", event);
    const call = this.call;
    switch (event.action) {
      case "get_call_history":
        this._historyWaiters.shift()?.reject(Object.assign(new Error(event.message), { code: event.code }));
        return;
      case "ping":
        this._pingWaiters.shift()?.reject(Object.assign(new Error(event.message), { code: event.code }));
        return;
      case "start_call": {
        this._cancelNextRinging = false;
        const pending = this._pendingIncoming;
        this._pendingIncoming = null;
        if (call && call.direction === "outgoing" && call.state === "dialing") {
          this._endCall("error", { message: `The call could not be placed: ${event.message}`, error: event });
        }
        if (pending) {
          this._presentIncoming(pending);
        }
        return;
      }
      case "answer_call":
        if (call && call.id === event.call_id) {
          this._endCall("error", { message: `The call could not be answered: ${event.message}`, error: event });
        }
        return;
      default:
        return;
    }
  }

  _endIfCurrent(event, reason, message) {
    const call = this.call;
    if (call && (event.call_id === undefined || event.call_id === call.id)) {
      this._endCall(reason, { message });
    }
  }

  _presentIncoming(incoming) {
    if (!this.call) {
      const call = this._newCall(incoming);
      this._emit("incoming", { call });
    }
  }

  /** The current call when the event is about it (no `call_id` means the one call, R3.7). */
  _callOf(event) {
    const call = this.call;
    if (!call || (event.call_id !== undefined && event.call_id !== call.id)) {
      return null;
    }
    return call;
  }

  _peerLabel() {
    const call = this.call;
    if (!call) {
      return "The other party";
    }
    return call.peerName ? `${call.peerName} (${call.peerId})` : `User ${call.peerId}`;
  }

  // ------------------------------------------------------------------------------------------------ call state

  _newCall(fields) {
    const call = {
      id: fields.id ?? null,
      direction: fields.direction,
      peerId: fields.peerId,
      peerName: fields.peerName ?? null,
      type: fields.type,
      state: fields.state,
      offer: fields.offer ?? null,
      startSent: false,
      startedAt: Date.now(),
      answeredAt: null,
      endedAt: null,
      local: { audio: true, video: fields.type === "video" },
      peer: { audio: null, video: null },
    };
    this.call = call;
    this._remoteCandidates = [];
    this._localCandidates = [];
    this._negotiated = false;
    this._negotiationPending = false;
    this._makingOffer = false;
    this._emit("callstate", { call });
    return call;
  }

  _setCallState(call, state) {
    call.state = state;
    this._emit("callstate", { call });
  }

  _endCall(reason, extra = {}) {
    const call = this.call;
    if (!call) {
      return;
    }
    this.call = null;
    call.state = "ended";
    call.endedAt = Date.now();
    call.offer = null;
    this._closePeerConnection();
    if (this.localStream) {
      stopStream(this.localStream);
      this.localStream = null;
      this._emit("localstream", { stream: null });
    }
    if (this.remoteStream) {
      this.remoteStream = null;
      this._emit("remotestream", { stream: null });
    }
    this._emit("callstate", { call });
    this._emit("ended", { call, reason, message: extra.message || "The call ended.", ...extra });
    if (this._pendingIncoming && reason !== "unavailable" && reason !== "error") {
      const pending = this._pendingIncoming;
      this._pendingIncoming = null;
      this._presentIncoming(pending);
    }
  }

  // ------------------------------------------------------------------------------------------------ WebRTC

  /** Runs `work` after every earlier step, so that peer-connection calls never interleave. */
  _step(work) {
    const call = this.call;
    const next = this._chain.then(work).catch((e) => {
      if (!call || this.call !== call) {
        return; // the call ended while the step ran: its peer connection was closed under it
      }
      console.error("dialtone: a WebRTC step failed", e);
      this._emit("mediaerror", { error: e, fatal: false, message: "WebRTC: " + (e && e.message ? e.message : e) });
    });
    this._chain = next;
    return next;
  }

  _createPeerConnection(call) {
    this._closePeerConnection();
    const pc = new RTCPeerConnection(this._rtcConfiguration);
    this.pc = pc;
    this.remoteStream = new MediaStream();
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate || this.pc !== pc || this.call !== call) {
        return;
      }
      const json = candidate.toJSON();
      if (call.id) {
        this._send({ action: "ice_candidate", call_id: call.id, peer_id: call.peerId, candidate: json });
      } else {
        this._localCandidates.push(json); // sent once call_ringing names the call
      }
    };
    pc.ontrack = ({ track }) => {
      if (this.pc !== pc) {
        return;
      }
      const tracks = this.remoteStream.getTracks().filter((t) => t.id !== track.id && t.kind !== track.kind);
      this.remoteStream = new MediaStream([...tracks, track]);
      this._emit("remotestream", { stream: this.remoteStream });
      track.addEventListener("ended", () => {
        if (this.pc === pc && this.remoteStream?.getTracks().includes(track)) {
          this.remoteStream = new MediaStream(this.remoteStream.getTracks().filter((t) => t !== track));
          this._emit("remotestream", { stream: this.remoteStream });
        }
      });
    };
    const report = () => {
      if (this.pc === pc) {
        this._emit("pcstate", { connectionState: pc.connectionState, iceConnectionState: pc.iceConnectionState });
      }
    };
    pc.onconnectionstatechange = report;
    pc.oniceconnectionstatechange = report;
    pc.onnegotiationneeded = () => {
      if (this.pc !== pc) {
        return;
      }
      if (!this._negotiated || this.call?.state !== "connected") {
        this._negotiationPending = true; // the initial offer/answer covers it, or it runs once that is done
        return;
      }
      this._renegotiate(pc);
    };
    return pc;
  }

  _afterInitialNegotiation() {
    this._negotiated = true;
    if (this._negotiationPending && this.pc && this.call?.state === "connected") {
      this._negotiationPending = false;
      const pc = this.pc;
      this._renegotiate(pc); // a track was added before the first offer/answer was done: offer it now
    }
  }

  _renegotiate(pc) {
    const call = this.call;
    this._step(async () => {
      if (this.pc !== pc || this.call !== call || pc.signalingState !== "stable") {
        return;
      }
      try {
        this._makingOffer = true;
        await pc.setLocalDescription(await pc.createOffer());
        this._send({ action: "offer", call_id: call.id, callee_id: call.peerId,
          offer: pc.localDescription.toJSON() });
      } finally {
        this._makingOffer = false;
      }
    });
  }

  async _flushRemoteCandidates() {
    for (const candidate of this._remoteCandidates.splice(0)) {
      await this._addCandidate(candidate);
    }
  }

  async _addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (e) {
      console.warn("dialtone: a remote ICE candidate was not accepted", e);
    }
  }

  _setLocalStream(stream) {
    this.localStream = stream;
    this._emit("localstream", { stream });
  }

  _closePeerConnection() {
    const pc = this.pc;
    this.pc = null;
    if (pc) {
      pc.onicecandidate = pc.ontrack = pc.onnegotiationneeded = null;
      pc.onconnectionstatechange = pc.oniceconnectionstatechange = null;
      pc.close();
      this._emit("pcstate", { connectionState: "closed", iceConnectionState: "closed" });
    }
    this._remoteCandidates = [];
    this._localCandidates = [];
  }
}

/** `ws(s)://<this page's host>/ws/call/`. */
function defaultUrl() {
  const scheme = globalThis.location?.protocol === "https:" ? "wss://" : "ws://";
  return scheme + (globalThis.location?.host || "localhost") + PROTOCOL_PATH;
}

function stopStream(stream) {
  for (const track of stream.getTracks()) {
    track.stop();
  }
}

/**
 * A sentence for people about a failed `getUserMedia`.
 *
 * @param {Error} error what `getUserMedia` threw
 * @param {"audio"|"video"} type what was asked for
 * @returns {string}
 */
export function mediaErrorMessage(error, type) {
  const what = type === "video" ? "camera and microphone" : "microphone";
  switch (error && error.name) {
    case "NotAllowedError":
    case "SecurityError":
      return `Access to the ${what} was denied. Allow it in the browser's site settings and try again.`;
    case "NotFoundError":
    case "OverconstrainedError":
      return `No ${what} was found on this device.`;
    case "NotReadableError":
    case "AbortError":
      return `The ${what} is in use by another program or could not be started.`;
    case "TypeError":
      return `This page cannot use the ${what}: open it over https or on localhost.`;
    default:
      return `The ${what} could not be used: ${error && error.message ? error.message : error}`;
  }
}
