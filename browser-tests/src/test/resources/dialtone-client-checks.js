// Checks of dialtone.js's protocol logic with a fake WebSocket and a fake RTCPeerConnection, run by BrowserCallTest
// inside a page of the reference server (executeAsyncScript: the last argument is the callback). It resolves with a
// list of {name, ok, detail}; the Java test fails on any that is not ok.
const done = arguments[arguments.length - 1];

const results = [];
const check = (name, ok, detail) => results.push({ name, ok: !!ok, detail: JSON.stringify(detail ?? null) });
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
async function until(what, condition) {
  for (let i = 0; i < 200; i++) {
    if (condition()) {
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("timed out waiting for " + what);
}

class FakeSocket {
  constructor(url) {
    this.url = url;
    this.sent = [];
    this.readyState = 0;
    FakeSocket.all.push(this);
  }
  send(text) { this.sent.push(JSON.parse(text)); }
  close(code, reason) {
    this.readyState = 3;
    setTimeout(() => this.onclose && this.onclose({ code, reason }), 0);
  }
  // the server's side
  accept(welcome) {
    this.readyState = 1;
    this.onmessage({ data: JSON.stringify({ type: "welcome", protocol_version: 1, ring_timeout_ms: 30000,
      resume_grace_ms: 20000, ...welcome }) });
  }
  deliver(event) { this.onmessage({ data: JSON.stringify(event) }); }
  drop(code) {
    this.readyState = 3;
    this.onclose({ code, reason: "" });
  }
  actions(name) { return this.sent.filter((a) => a.action === name); }
}
FakeSocket.all = [];
const lastSocket = () => FakeSocket.all[FakeSocket.all.length - 1];

/** Records what the client does to its peer connection; setRemoteDescription resolves when the test says so. */
class FakePeerConnection {
  constructor() {
    this.log = [];
    this.remoteDescription = null;
    this.localDescription = null;
    this.signalingState = "stable";
    this.connectionState = "new";
    this.iceConnectionState = "new";
    this.pendingRemote = [];
    FakePeerConnection.all.push(this);
  }
  addTrack() { this.log.push("addTrack"); }
  getTransceivers() { return []; }
  async createOffer() { return { type: "offer", sdp: "fake-offer" }; }
  async createAnswer() { return { type: "answer", sdp: "fake-answer" }; }
  async setLocalDescription(description) {
    this.log.push("setLocalDescription:" + description.type);
    this.localDescription = { ...description, toJSON() { return { type: description.type, sdp: description.sdp }; } };
    this.signalingState = description.type === "offer" ? "have-local-offer" : "stable";
  }
  setRemoteDescription(description) {
    this.log.push("setRemoteDescription:" + description.type + ":start");
    return new Promise((resolve) => this.pendingRemote.push(() => {
      this.remoteDescription = description;
      this.signalingState = description.type === "offer" ? "have-remote-offer" : "stable";
      this.log.push("setRemoteDescription:" + description.type + ":done");
      resolve();
    }));
  }
  completeRemote() { this.pendingRemote.shift()(); }
  async addIceCandidate(candidate) {
    this.log.push("addIceCandidate:" + candidate.candidate + (this.remoteDescription ? "" : ":WITHOUT-REMOTE"));
  }
  close() { this.log.push("close"); }
  candidate(text) { this.onicecandidate({ candidate: { toJSON: () => ({ candidate: text, sdpMid: "0" }) } }); }
}
FakePeerConnection.all = [];

const realPeerConnection = window.RTCPeerConnection;

(async () => {
  const { DialtoneClient } = await import("/dialtone.js");
  const url = "ws://fake.invalid/ws/call/";

  // ---- seq tracking, duplicates dropped, resume with resume_token and last_seq
  {
    const client = new DialtoneClient({ token: "T1", url, WebSocket: FakeSocket });
    const seqs = [];
    client.on("event", ({ event }) => seqs.push(event.seq));
    const connected = client.connect();
    await until("the first socket", () => FakeSocket.all.length === 1);
    const first = lastSocket();
    check("connects with the token in the query", first.url === url + "?token=T1", first.url);
    first.accept({ user_id: 1, session_id: "s1", resume_token: "r1", resumed: false });
    const welcome = await connected;
    check("connect() resolves with welcome", welcome.session_id === "s1", welcome);
    for (const seq of [1, 2, 2, 3, 1]) {
      first.deliver({ type: "pong", seq });
    }
    check("events with a seq already processed are dropped", JSON.stringify(seqs) === "[1,2,3]", seqs);

    const history = client.getCallHistory({ limit: 5 }).catch((e) => e); // sent now, never answered here
    first.drop(1006);
    check("an unexpected close means reconnecting", client.connectionState === "reconnecting", client.connectionState);
    const ping = client.ping().catch((e) => e); // queued while the socket is down
    await until("the resuming socket", () => FakeSocket.all.length === 2);
    const second = lastSocket();
    const query = new URL(second.url.replace("ws:", "http:")).searchParams;
    check("reconnects at once with resume_token and last_seq", query.get("token") === "T1"
      && query.get("resume_token") === "r1" && query.get("last_seq") === "3", second.url);
    second.accept({ user_id: 1, session_id: "s1", resume_token: "r2", resumed: true });
    check("actions made while down are sent after the resume", second.actions("ping").length === 1, second.sent);
    for (const seq of [3, 4, 4, 5]) {
      second.deliver({ type: "pong", seq });
    }
    check("replayed duplicates are dropped after a resume", JSON.stringify(seqs) === "[1,2,3,4,5]", seqs);
    second.drop(1006);
    await until("the next socket", () => FakeSocket.all.length === 3);
    check("the most recent welcome's resume_token is used", lastSocket().url.includes("resume_token=r2")
      && lastSocket().url.includes("last_seq=5"), lastSocket().url);
    lastSocket().drop(4009);
    await tick();
    check("a final close code (4009) is not retried", client.connectionState === "closed"
      && FakeSocket.all.length === 3, client.connectionState);
    const failed = await Promise.all([history, ping]);
    check("requests still open then fail with the reason", failed.every((e) => e instanceof Error
      && e.message.includes("4009")), failed.map(String));
    client.close();
  }

  // ---- backoff: at once, then 1 s, 2 s, ... times a random 0.5-1.0
  {
    const client = new DialtoneClient({ token: "T", url, WebSocket: FakeSocket });
    const delays = [];
    client.on("connection", (c) => { if (c.state === "reconnecting" && c.delayMs !== undefined) { delays.push(c.delayMs); } });
    const before = FakeSocket.all.length;
    client.connect().catch(() => {});
    await until("a socket", () => FakeSocket.all.length === before + 1);
    lastSocket().drop(1006);
    await until("the immediate retry", () => FakeSocket.all.length === before + 2);
    lastSocket().drop(1006);
    check("backoff: the first retry is immediate, the second within 0.5-1 s",
      delays.length === 2 && delays[0] === 0 && delays[1] >= 500 && delays[1] <= 1000, delays);
    client.close();
    const quiet = FakeSocket.all.length;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    check("close() stops reconnecting", FakeSocket.all.length === quiet, FakeSocket.all.length - quiet);
  }

  // ---- a call: offer in start_call, local candidates wait for the call id, remote ones for the remote description
  window.RTCPeerConnection = FakePeerConnection;
  try {
    const client = new DialtoneClient({ token: "T", url, WebSocket: FakeSocket,
      getUserMedia: async () => new MediaStream() });
    const connected = client.connect();
    await until("a socket", () => lastSocket().readyState === 0 && lastSocket().onmessage);
    const socket = lastSocket();
    socket.accept({ user_id: 1, session_id: "s9", resume_token: "r9", resumed: false });
    await connected;
    const ended = [];
    client.on("ended", (e) => ended.push(e.reason));

    await client.startCall(2, { video: true });
    const pc = FakePeerConnection.all[FakePeerConnection.all.length - 1];
    const start = socket.actions("start_call")[0];
    check("start_call carries the call type and the SDP offer", start && start.callee_id === 2
      && start.call_type === "video" && start.offer.sdp === "fake-offer", start);
    pc.candidate("L1");
    check("local candidates wait for the call id", socket.actions("ice_candidate").length === 0, socket.sent);
    socket.deliver({ type: "call_ringing", call_id: "c1", callee_id: 2, call_type: "video", seq: 1 });
    const sentCandidates = socket.actions("ice_candidate");
    check("and go out with it", sentCandidates.length === 1 && sentCandidates[0].call_id === "c1"
      && sentCandidates[0].candidate.candidate === "L1", sentCandidates);

    // A seed-003 callee answers without SDP: the caller sends its offer; candidates may come before the answer.
    socket.deliver({ type: "call_answered", call_id: "c1", callee_id: 2, seq: 2 });
    await until("the offer", () => socket.actions("offer").length === 1);
    check("answered without SDP: the offer follows", socket.actions("offer")[0].offer.sdp === "fake-offer",
      socket.actions("offer"));
    socket.deliver({ type: "ice_candidate", call_id: "c1", sender_id: 2, candidate: { candidate: "R1" }, seq: 3 });
    socket.deliver({ type: "ice_candidate", call_id: "c1", sender_id: 2, candidate: { candidate: "R2" }, seq: 4 });
    await tick();
    check("remote candidates before the remote description are buffered",
      !pc.log.some((l) => l.startsWith("addIceCandidate")), pc.log);
    socket.deliver({ type: "call_answer", call_id: "c1", callee_id: 2, answer: { type: "answer", sdp: "a" },
      seq: 5 });
    socket.deliver({ type: "ice_candidate", call_id: "c1", sender_id: 2, candidate: { candidate: "R3" }, seq: 6 });
    await until("setRemoteDescription", () => pc.pendingRemote.length === 1);
    await tick();
    check("nothing is added while the remote description is being set",
      !pc.log.some((l) => l.startsWith("addIceCandidate")), pc.log);
    pc.completeRemote();
    await until("the candidates", () => pc.log.filter((l) => l.startsWith("addIceCandidate")).length === 3);
    const order = pc.log.filter((l) => l.startsWith("setRemoteDescription:answer:done") || l.startsWith("addIce"));
    check("then added in order, after it", JSON.stringify(order) === JSON.stringify([
      "setRemoteDescription:answer:done", "addIceCandidate:R1", "addIceCandidate:R2", "addIceCandidate:R3"]), pc.log);

    client.setMicrophone(false);
    const media = socket.actions("media_state");
    check("mute sends media_state audio false", media.length === 1 && media[0].audio === false
      && media[0].call_id === "c1", media);
    socket.deliver({ type: "peer_media_state", call_id: "c1", user_id: 2, video: false, seq: 7 });
    check("peer_media_state is kept on the call", client.call.peer.video === false && client.call.peer.audio === null,
      client.call.peer);
    socket.deliver({ type: "call_hanged_up", call_id: "c1", hanged_up_by: 2, seq: 8 });
    check("call_hanged_up ends the call and closes the peer connection", ended[0] === "hangup_remote"
      && client.call === null && pc.log.includes("close"), { ended, log: pc.log });

    // A cancel before start_call went out sends nothing, and does not cancel the next call.
    let release = null;
    let held = true; // the first getUserMedia waits (a person deciding), later ones answer at once
    const slow = new DialtoneClient({ token: "T", url, WebSocket: FakeSocket,
      getUserMedia: () => (held ? new Promise((resolve) => { release = () => resolve(new MediaStream()); })
        : Promise.resolve(new MediaStream())) });
    const slowConnected = slow.connect();
    await until("a socket", () => lastSocket() !== socket && lastSocket().onmessage);
    const slowSocket = lastSocket();
    slowSocket.accept({ user_id: 1, session_id: "s10", resume_token: "r10", resumed: false });
    await slowConnected;
    const placing = slow.startCall(2);
    await tick();
    slow.cancel();
    held = false;
    release();
    await placing;
    check("a call cancelled before start_call sends nothing", slowSocket.sent.length === 0, slowSocket.sent);
    await slow.startCall(2);
    slowSocket.deliver({ type: "call_ringing", call_id: "c2", callee_id: 2, call_type: "audio", seq: 1 });
    check("and the next call is not cancelled", slowSocket.actions("cancel_call").length === 0
      && slow.call && slow.call.state === "ringing", slowSocket.sent);
    slow.close();
    check("close() cancels the ringing call", slowSocket.actions("cancel_call").length === 1, slowSocket.sent);
    client.close();
  } finally {
    window.RTCPeerConnection = realPeerConnection;
  }
  done(results);
})().catch((e) => {
  window.RTCPeerConnection = realPeerConnection;
  results.push({ name: "the checks ran to the end", ok: false, detail: String(e && e.stack || e) });
  done(results);
});
