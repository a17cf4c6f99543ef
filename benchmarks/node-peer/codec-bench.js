'use strict';
// What the Node peer's "codec" costs per relayed ice_candidate: JSON.parse of the action a client sends, then
// JSON.stringify of the event sent to the peer, the same frame as Dialtone's CodecBenchmark.iceCandidateDecodeEncode.
// Prints "codec <ns per op>".
//   node codec-bench.js [seconds]
const seconds = Number(process.argv[2] || '3');
const candidate = '{"candidate":"candidate:842163049 1 udp 1677729535 192.168.1.20 46154 typ srflx raddr 10.0.0.5 '
  + 'rport 46154 generation 0 ufrag EsAw network-id 1 network-cost 10","sdpMid":"0","sdpMLineIndex":0,'
  + '"usernameFragment":"EsAw"}';
const frame = '{"action":"ice_candidate","peer_id":2,"candidate":' + candidate
  + ',"call_id":"Z3bqP1o9x2Lr8kVd0aTq5w"}';
let seq = 0;
let sink = 0;
function once() {
  const msg = JSON.parse(frame);
  const out = JSON.stringify({ type: 'ice_candidate', candidate: msg.candidate, sender_id: 1, call_id: msg.call_id,
    seq: ++seq });
  sink += out.length;
}
function run(ms) {
  const end = process.hrtime.bigint() + BigInt(ms) * 1000000n;
  let n = 0;
  let start = process.hrtime.bigint();
  while (process.hrtime.bigint() < end) {
    for (let i = 0; i < 1000; i++) once();
    n += 1000;
  }
  return Number(process.hrtime.bigint() - start) / n;
}
run(1000); // warm-up
const ns = run(seconds * 1000);
process.stdout.write('codec ' + ns.toFixed(1) + (sink < 0 ? '' : '') + '\n');
