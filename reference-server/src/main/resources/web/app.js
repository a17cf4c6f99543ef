// The demo page of the reference server: one user per browser tab, calls through dialtone.js.
import { DialtoneClient } from "./dialtone.js";

const $ = (id) => document.getElementById(id);
const TOKEN_KEY = "dialtone.demo.token";
const MAX_MESSAGES = 6;

/** Names of the users this page knows: the dev users, and the caller names calls brought. */
const names = new Map();
let devUsers = [];
let client = null;
let durationTimer = null;

// For tests and the curious: the page's client, its peer connection and its streams.
window.dialtoneDemo = {
  get client() { return client; },
};

$("ws-url").textContent = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/call/?token=<JWT>";

// ------------------------------------------------------------------------------------------------ sign in

async function loadDevUsers() {
  try {
    const response = await fetch("dev-tokens.json", { cache: "no-store" });
    if (response.ok) {
      const body = await response.json();
      devUsers = Array.isArray(body.users) ? body.users : [];
    }
  } catch (e) {
    devUsers = [];
  }
  const box = $("dev-users");
  box.replaceChildren();
  for (const user of devUsers) {
    names.set(String(user.user_id), user.name);
    const button = document.createElement("button");
    button.type = "button";
    button.id = "sign-in-" + user.user_id;
    button.dataset.userId = user.user_id;
    button.append(avatar(user.name), document.createTextNode(`${user.name} (id ${user.user_id})`));
    button.addEventListener("click", () => signIn(user.token));
    box.append(button);
  }
  $("dev-users-block").hidden = devUsers.length === 0;
  $("no-dev-users").hidden = devUsers.length !== 0;
}

$("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const token = $("token-input").value.trim();
  if (token) {
    signIn(token);
  }
});

$("sign-out").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  if (client) {
    client.close();
    client = null;
  }
  showSignIn();
});

function showSignIn() {
  $("sign-in").hidden = false;
  $("phone").hidden = true;
  $("me").hidden = true;
  document.body.dataset.connection = "idle";
}

async function signIn(token) {
  if (client) {
    client.close();
  }
  clearMessages();
  const me = client = new DialtoneClient({ token });
  wire(me);
  try {
    await me.connect();
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch (e) {
    if (client === me) {
      client = null;
      showSignIn();
      addMessage("error", "Could not sign in: " + e.message, $("sign-in"));
    }
    return;
  }
  const claims = jwtClaims(token);
  const myName = names.get(String(me.userId)) || claims.username || claims.name || `user ${me.userId}`;
  names.set(String(me.userId), myName);
  $("me-name").textContent = myName;
  $("me-id").textContent = String(me.userId);
  $("me-avatar").replaceWith(Object.assign(avatar(myName), { id: "me-avatar" }));
  $("sign-in").hidden = true;
  $("me").hidden = false;
  $("phone").hidden = false;
  renderQuickPicks();
  render();
  refreshHistory();
}

function renderQuickPicks() {
  const box = $("quick-picks");
  box.replaceChildren();
  const others = devUsers.filter((u) => client && String(u.user_id) !== String(client.userId));
  if (others.length === 0) {
    return;
  }
  box.append(document.createTextNode("Call:"));
  for (const user of others) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${user.name} (${user.user_id})`;
    button.addEventListener("click", () => { $("callee-input").value = String(user.user_id); });
    box.append(button);
  }
}

// ------------------------------------------------------------------------------------------------ client events

function wire(me) {
  const mine = (fn) => (detail) => { if (client === me) { fn(detail); } };
  me.on("connection", mine(({ state, reason, final }) => {
    document.body.dataset.connection = state;
    $("connection-badge").textContent = {
      connecting: "connecting…", open: "online", reconnecting: "reconnecting…", closed: "offline",
    }[state] || state;
    if (state === "reconnecting") {
      addMessage("warn", "Connection lost: reconnecting…");
    } else if (state === "closed" && final && reason && reason !== "closed by the client") {
      addMessage("error", "Disconnected: " + reason + ".");
    }
  }));
  me.on("welcome", mine(({ resumed }) => {
    if (resumed) {
      addMessage("info", "Reconnected: the session was resumed.");
    }
  }));
  me.on("incoming", mine(({ call }) => {
    if (call.peerName) {
      names.set(String(call.peerId), call.peerName);
    }
    render();
  }));
  me.on("callstate", mine(({ call }) => {
    if (call.state === "dialing" || call.state === "incoming") {
      $("messages").replaceChildren(); // a new call: what was said about the last one is over
    }
    render();
  }));
  me.on("ended", mine(({ call, reason, message }) => {
    const kind = {
      hangup_local: "info", hangup_remote: "info", cancelled_local: "info", rejected_local: "info",
      answered_elsewhere: "info", rejected_elsewhere: "info", cancelled: "warn", peer_disconnected: "warn",
    }[reason] || "error";
    const length = call.answeredAt ? ` (${formatDuration(call.endedAt - call.answeredAt)})` : "";
    addMessage(kind, withNames(message) + length, undefined, reason);
    render();
    refreshHistory();
  }));
  me.on("localstream", mine(({ stream }) => {
    attach($("local-video"), stream);
    render();
  }));
  me.on("remotestream", mine(({ stream }) => {
    attach($("remote-video"), stream);
    render();
  }));
  me.on("localmediastate", mine(render));
  me.on("peermediastate", mine(render));
  me.on("pcstate", mine(({ connectionState }) => {
    const status = $("media-status");
    status.dataset.state = connectionState;
    status.textContent = {
      new: "connecting…", connecting: "connecting…", connected: "connected", disconnected: "interrupted…",
      failed: "failed", closed: "closed",
    }[connectionState] || connectionState;
    if (connectionState === "failed") {
      addMessage("error", "The media connection failed: the two browsers could not reach each other.");
    }
  }));
  me.on("mediaerror", mine(({ message, fatal }) => addMessage(fatal ? "error" : "warn", message)));
  me.on("glare", mine(({ call }) => {
    addMessage("info", `${label(call.peerId, call.peerName)} called you at the same moment: answering their call.`);
  }));
  me.on("servererror", mine((error) => {
    const relay = ["ice_candidate", "offer", "answer", "media_state"].includes(error.action);
    if (!(relay && error.code === "unknown_call")) {
      addMessage("error", `The server refused ${error.action || "a message"}: ${error.message} (${error.code})`);
    }
  }));
}

// ------------------------------------------------------------------------------------------------ call controls

$("call-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const raw = $("callee-input").value.trim();
  if (!raw || !client) {
    return;
  }
  const callee = /^-?\d{1,15}$/.test(raw) ? Number(raw) : raw;
  const video = (e.submitter && e.submitter.dataset.type) === "video";
  try {
    await client.startCall(callee, { video });
  } catch (err) {
    if (!(err instanceof DOMException)) { // media errors are reported by the client's events
      addMessage("error", "Could not call: " + err.message);
    }
  }
});

$("cancel").addEventListener("click", () => client?.hangUp());
$("reject").addEventListener("click", () => client?.hangUp());
$("hangup").addEventListener("click", () => client?.hangUp());
$("answer").addEventListener("click", async () => {
  try {
    await client?.answer();
  } catch (err) {
    if (!(err instanceof DOMException)) {
      addMessage("error", "Could not answer: " + err.message);
    }
  }
});
$("mute").addEventListener("click", () => {
  const call = client?.call;
  if (call) {
    client.setMicrophone(!call.local.audio);
  }
});
$("camera").addEventListener("click", async () => {
  const call = client?.call;
  if (call) {
    try {
      await client.setCamera(!call.local.video);
    } catch (err) {
      // reported through the mediaerror event
    }
  }
});

// ------------------------------------------------------------------------------------------------ rendering

function render() {
  const call = client?.call || null;
  const state = call ? call.state : "idle";
  document.body.dataset.callState = state;
  $("idle-panel").hidden = call !== null;
  $("outgoing-panel").hidden = !(call && call.direction === "outgoing" && (state === "dialing" || state === "ringing"));
  $("incoming-panel").hidden = !(call && (state === "incoming" || state === "answering"));
  $("call-panel").hidden = !(call && state === "connected");
  $("answer").disabled = state === "answering";
  if (!call) {
    stopDurationTimer();
    attach($("local-video"), null);
    attach($("remote-video"), null);
    $("media-status").dataset.state = "new";
    $("media-status").textContent = "connecting…";
    return;
  }
  const peer = label(call.peerId, call.peerName || names.get(String(call.peerId)));
  const kind = call.type === "video" ? "Video call" : "Audio call";
  if (call.direction === "outgoing") {
    $("outgoing-name").textContent = peer;
    $("outgoing-sub").textContent = state === "dialing" ? `${kind} · preparing…` : `${kind} · ringing`;
    setAvatar("outgoing-avatar", call.peerName || names.get(String(call.peerId)) || String(call.peerId));
  } else {
    $("incoming-name").textContent = peer;
    $("incoming-sub").textContent = state === "answering" ? "Answering…" : kind;
    setAvatar("incoming-avatar", call.peerName || String(call.peerId));
  }
  if (state === "connected") {
    $("peer-label").textContent = peer;
    $("call-type-label").textContent = kind;
    setAvatar("remote-avatar", call.peerName || names.get(String(call.peerId)) || String(call.peerId));
    const stage = $("stage");
    const remoteVideo = !!client.remoteStream?.getVideoTracks().some((t) => t.readyState === "live");
    stage.dataset.remoteVideo = remoteVideo && call.peer.video !== false ? "on" : "off";
    const localVideo = !!client.localStream?.getVideoTracks().some((t) => t.readyState === "live");
    stage.dataset.localVideo = localVideo && call.local.video ? "on" : "off";
    $("remote-placeholder-text").textContent = call.peer.video === false ? `${peer} turned the camera off`
      : (remoteVideo ? "" : "Audio only");

    const media = $("peer-media");
    media.dataset.audio = call.peer.audio === false ? "off" : "on";
    media.dataset.video = call.peer.video === null ? "unknown" : (call.peer.video ? "on" : "off");
    const audioChip = $("peer-audio-chip");
    audioChip.hidden = call.peer.audio !== false;
    audioChip.textContent = `${shortName(call)} muted the microphone`;
    const videoChip = $("peer-video-chip");
    videoChip.hidden = call.peer.video !== false;
    videoChip.textContent = `${shortName(call)}'s camera is off`;

    const mute = $("mute");
    mute.setAttribute("aria-pressed", String(!call.local.audio));
    mute.textContent = call.local.audio ? "Mute" : "Unmute";
    const camera = $("camera");
    camera.setAttribute("aria-pressed", String(!call.local.video));
    camera.textContent = call.local.video ? "Camera off" : (localVideo ? "Camera on" : "Turn camera on");
    startDurationTimer();
  } else {
    stopDurationTimer();
  }
}

function startDurationTimer() {
  const tick = () => {
    const call = client?.call;
    if (call && call.answeredAt) {
      $("duration").textContent = formatDuration(Date.now() - call.answeredAt);
    }
  };
  tick();
  if (!durationTimer) {
    durationTimer = setInterval(tick, 500);
  }
}

function stopDurationTimer() {
  clearInterval(durationTimer);
  durationTimer = null;
  $("duration").textContent = "00:00";
}

function attach(video, stream) {
  if (video.srcObject !== stream) {
    video.srcObject = stream;
  }
  if (stream) {
    video.play().catch(() => { /* autoplay may wait for a click; the element plays once allowed */ });
  }
}

// ------------------------------------------------------------------------------------------------ history

async function refreshHistory() {
  const me = client;
  if (!me) {
    return;
  }
  let page;
  try {
    page = await me.getCallHistory({ limit: 20 });
  } catch (e) {
    return;
  }
  if (client !== me) {
    return;
  }
  const list = $("history");
  list.replaceChildren();
  $("history-empty").hidden = page.records.length > 0;
  for (const record of page.records) {
    const outgoing = String(record.caller_id) === String(me.userId);
    const peerId = outgoing ? record.callee_id : record.caller_id;
    const li = document.createElement("li");
    li.dataset.callId = record.call_id;
    li.dataset.outcome = record.outcome;
    const dir = span("dir", outgoing ? "↗" : "↙");
    dir.title = outgoing ? "outgoing" : "incoming";
    const who = span("who", `${outgoing ? "To" : "From"} ${label(peerId, names.get(String(peerId)))}`);
    const outcome = span("outcome", record.outcome);
    outcome.dataset.outcome = record.outcome;
    const when = span("when", `${record.call_type === "video" ? "Video" : "Audio"} · `
      + new Date(record.started_at).toLocaleString());
    const len = span("len", record.duration_ms > 0 ? formatDuration(record.duration_ms) : "");
    li.append(dir, who, outcome, when, len);
    list.append(li);
  }
}

$("history-refresh").addEventListener("click", refreshHistory);

// ------------------------------------------------------------------------------------------------ messages

function addMessage(kind, text, where, reason) {
  const list = where ? ensureMessageList(where) : $("messages");
  const li = document.createElement("li");
  li.className = "message";
  li.dataset.kind = kind;
  if (reason) {
    li.dataset.reason = reason;
  }
  const time = document.createElement("time");
  time.textContent = new Date().toLocaleTimeString();
  li.append(span("text", text), time);
  list.prepend(li);
  while (list.children.length > MAX_MESSAGES) {
    list.lastElementChild.remove();
  }
}

function ensureMessageList(where) {
  let list = where.querySelector("ul.messages");
  if (!list) {
    list = document.createElement("ul");
    list.className = "messages";
    where.append(list);
  }
  return list;
}

function clearMessages() {
  document.querySelectorAll("ul.messages").forEach((list) => list.replaceChildren());
}

// ------------------------------------------------------------------------------------------------ helpers

function label(id, name) {
  return name ? `${name} (${id})` : `user ${id}`;
}

function shortName(call) {
  return call.peerName || names.get(String(call.peerId)) || `user ${call.peerId}`;
}

/** Puts known names into the client's messages ("User 2" becomes "bob (2)"). */
function withNames(message) {
  return message.replace(/\bUser (\S+?)( |\.|:|,)/g, (all, id, after) => {
    const name = names.get(id);
    return name ? `${name} (${id})${after}` : all;
  });
}

function formatDuration(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function span(cls, text) {
  const el = document.createElement("span");
  el.className = cls;
  el.textContent = text;
  return el;
}

function avatar(name) {
  const el = span("avatar", (name || "?").trim().charAt(0) || "?");
  el.style.setProperty("--avatar", colorOf(name));
  return el;
}

function setAvatar(id, name) {
  const el = $(id);
  el.textContent = (name || "?").trim().charAt(0) || "?";
  el.style.setProperty("--avatar", colorOf(name));
}

function colorOf(text) {
  let hash = 0;
  for (const ch of String(text || "")) {
    hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  }
  return `hsl(${hash % 360} 55% 45%)`;
}

/** The claims of a JWT, for the display name only: the server verifies the token, the page does not. */
function jwtClaims(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = decodeURIComponent(Array.from(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, "=")),
      (c) => "%" + c.charCodeAt(0).toString(16).padStart(2, "0")).join(""));
    return JSON.parse(json) || {};
  } catch (e) {
    return {};
  }
}

// ------------------------------------------------------------------------------------------------ start

await loadDevUsers();
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  signIn(saved);
} else {
  showSignIn();
}
