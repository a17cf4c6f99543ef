'use strict';
// The Node.js peer of Dialtone's load benchmarks: a minimal one-to-one call relay on the `ws` package (the usual
// choice for a signaling server), speaking the same JSON messages as Dialtone for what the benchmarks use
// (docs/protocol.md): welcome on connect; start_call -> call_ringing + incoming_call; answer_call -> call_answered;
// offer / answer / ice_candidate -> call_offer / call_answer / ice_candidate to the peer; hang_up -> call_hanged_up;
// ping -> pong. Every event carries a per-connection seq, as Dialtone's do. What it leaves out: resume, replay
// buffers, several sessions per user, timers, records, rate limits, most error checks.
//
// The token check is real but small: an HS256 JWT verified with the shared secret, user id from user_id or sub.
//
//   node [--expose-gc] server.js --port P --jwt-secret S
// prints "ready <port>"; standard input takes "heap" (a full GC if exposed, then "heap <bytes used> <rss>") and
// "quit" (or end of input) to stop.

const http = require('http');
const crypto = require('crypto');
const readline = require('readline');
const { WebSocketServer } = require('ws');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('--port', '0'));
const secret = option('--jwt-secret', null);
if (!secret) {
  console.error('--jwt-secret is required');
  process.exit(2);
}

function verify(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const expected = crypto.createHmac('sha256', secret).update(parts[0] + '.' + parts[1]).digest('base64url');
  const given = Buffer.from(parts[2]);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !crypto.timingSafeEqual(given, wanted)) return null;
  let claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch (e) {
    return null;
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return null;
  const id = claims.user_id !== undefined ? claims.user_id : claims.sub;
  if (id === undefined || id === null) return null;
  return { id, name: claims.username || String(id) };
}

const users = new Map(); // String(user id) -> connection state
const calls = new Map(); // call id -> call

function send(conn, event) {
  event.seq = ++conn.seq;
  conn.ws.send(JSON.stringify(event));
}

function error(conn, code, action, message) {
  send(conn, { type: 'error', code, message, action });
}

function peerOf(call, conn) {
  return call.caller === conn ? call.callee : call.caller;
}

function end(call) {
  calls.delete(call.id);
  if (call.caller.call === call) call.caller.call = null;
  if (call.callee.call === call) call.callee.call = null;
}

function relayTarget(conn, msg) {
  const call = msg.call_id !== undefined ? calls.get(msg.call_id) : conn.call;
  if (!call || (call.caller !== conn && call.callee !== conn)) {
    error(conn, 'unknown_call', msg.action, 'no such call');
    return null;
  }
  if (!call.connected) {
    error(conn, 'invalid_state', msg.action, 'the call is not connected');
    return null;
  }
  return call;
}

function handle(conn, text) {
  let msg;
  try {
    msg = JSON.parse(text);
  } catch (e) {
    error(conn, 'bad_json', undefined, 'the frame is not valid JSON');
    return;
  }
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
    error(conn, 'bad_json', undefined, 'the frame must be one JSON object');
    return;
  }
  switch (msg.action) {
    case 'ice_candidate': {
      const call = relayTarget(conn, msg);
      if (call && msg.candidate && typeof msg.candidate === 'object') {
        send(peerOf(call, conn), { type: 'ice_candidate', candidate: msg.candidate, sender_id: conn.user, call_id: call.id });
      }
      return;
    }
    case 'offer': {
      const call = relayTarget(conn, msg);
      if (call && msg.offer && typeof msg.offer === 'object') {
        send(peerOf(call, conn), { type: 'call_offer', offer: msg.offer, caller_id: conn.user, call_id: call.id });
      }
      return;
    }
    case 'answer': {
      const call = relayTarget(conn, msg);
      if (call && msg.answer && typeof msg.answer === 'object') {
        send(peerOf(call, conn), { type: 'call_answer', answer: msg.answer, callee_id: conn.user, call_id: call.id });
      }
      return;
    }
    case 'start_call': {
      const callType = msg.call_type === 'video' ? 'video' : 'audio';
      const callee = users.get(String(msg.callee_id));
      if (!callee || callee === conn) {
        send(conn, { type: 'call_unavailable', callee_id: msg.callee_id, reason: callee ? 'self' : 'offline' });
        return;
      }
      if (conn.call) {
        error(conn, 'invalid_state', 'start_call', 'you are in a call');
        return;
      }
      if (callee.call) {
        send(conn, { type: 'call_unavailable', callee_id: msg.callee_id, reason: 'busy' });
        return;
      }
      const call = { id: crypto.randomBytes(16).toString('base64url'), caller: conn, callee, connected: false };
      calls.set(call.id, call);
      conn.call = call;
      callee.call = call;
      send(conn, { type: 'call_ringing', call_id: call.id, callee_id: callee.user, call_type: callType });
      const incoming = { type: 'incoming_call', call_id: call.id, caller_id: conn.user, caller_username: conn.name,
        call_type: callType };
      if (msg.offer && typeof msg.offer === 'object') incoming.offer = msg.offer;
      send(callee, incoming);
      return;
    }
    case 'answer_call': {
      const call = calls.get(msg.call_id);
      if (!call) {
        error(conn, 'unknown_call', 'answer_call', 'no such call');
        return;
      }
      if (call.callee !== conn || call.connected) {
        error(conn, call.callee !== conn ? 'not_a_party' : 'invalid_state', 'answer_call', 'not yours to answer');
        return;
      }
      call.connected = true;
      const answered = { type: 'call_answered', callee_id: conn.user, call_id: call.id };
      if (msg.answer && typeof msg.answer === 'object') answered.answer = msg.answer;
      send(call.caller, answered);
      return;
    }
    case 'hang_up': {
      const call = msg.call_id !== undefined ? calls.get(msg.call_id) : conn.call;
      if (!call || (call.caller !== conn && call.callee !== conn)) {
        error(conn, 'unknown_call', 'hang_up', 'no such call');
        return;
      }
      end(call);
      send(peerOf(call, conn), { type: 'call_hanged_up', hanged_up_by: conn.user, call_id: call.id });
      return;
    }
    case 'ping':
      send(conn, msg.nonce === undefined ? { type: 'pong' } : { type: 'pong', nonce: msg.nonce });
      return;
    default:
      error(conn, 'unknown_action', typeof msg.action === 'string' ? msg.action : undefined, 'unknown action');
  }
}

const server = http.createServer((req, res) => {
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/ws/call/', maxPayload: 64 * 1024 });

wss.on('connection', (ws, req) => {
  const query = new URL(req.url, 'http://localhost').searchParams;
  const principal = verify(query.get('token'));
  if (!principal) {
    ws.close(4001, 'authentication failed');
    return;
  }
  const conn = { ws, user: principal.id, name: principal.name, seq: 0, call: null };
  const key = String(principal.id);
  const previous = users.get(key);
  if (previous) previous.ws.close(4009, 'session taken over');
  users.set(key, conn);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      error(conn, 'bad_json', undefined, 'binary frames are not part of the protocol');
      return;
    }
    handle(conn, data.toString());
  });
  ws.on('close', () => {
    if (users.get(key) === conn) users.delete(key);
    const call = conn.call;
    if (call) {
      end(call);
      const peer = peerOf(call, conn);
      if (peer.ws.readyState === 1) send(peer, { type: 'call_ended', call_id: call.id, reason: 'peer_disconnected' });
    }
  });
  send(conn, { type: 'welcome', user_id: conn.user, session_id: crypto.randomBytes(16).toString('base64url'),
    protocol_version: 1, ring_timeout_ms: 30000, resume_token: crypto.randomBytes(16).toString('base64url'),
    resume_grace_ms: 0, resumed: false });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('ready ' + server.address().port + '\n');
});

function stop() {
  for (const client of wss.clients) client.terminate();
  server.close();
  process.exit(0);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'quit') stop();
  if (command === 'heap') {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const usage = process.memoryUsage();
    process.stdout.write('heap ' + usage.heapUsed + ' ' + usage.rss + '\n');
  }
}).on('close', stop);
