package dev.dialtone.server.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Lua scripts the cluster runs in Redis. Each runs atomically, so that a decision and everything that goes with it
 * (the call's new state, its timers, the release of its users, the events it publishes to the nodes that hold their
 * sessions) happen together or not at all, in one order that every node sees.
 *
 * <p>Every script takes the key prefix as {@code ARGV[1]} and builds its keys from it (a standalone Redis or a
 * Sentinel-managed primary; not Redis Cluster, whose slots need every key declared):
 *
 * <ul>
 *   <li>{@code P:epoch}: a random id set when a Redis starts empty; a change tells the nodes that Redis lost its data
 *   <li>{@code P:nodes} (set): the nodes that joined; {@code P:node:N:alive}: a node's heartbeat, with a TTL;
 *       {@code P:node:N:sessions} (set): the session ids node N holds; {@code P:node:N:seq}: how many messages were
 *       published to node N (its messages carry the count, so that it sees gaps and can wait for its own);
 *       {@code P:reap:N}: which node cleans up after dead node N
 *   <li>{@code P:session:S} (hash {@code n} node, {@code u} user as JSON, {@code ut} user text, {@code r} resume token
 *       hash): where session S lives; {@code P:resume:H}: the session of the resume token whose SHA-256 is H
 *   <li>{@code P:presence:U} (hash session id to "order node user-json"): user U's connected sessions, ordered by
 *       {@code P:presence-order}
 *   <li>{@code P:claim:U}: the call user U is in (R5.5); {@code P:rate:U} (sorted set): U's recent start_calls (R8.8)
 *   <li>{@code P:call:C} (hash {@code s} state JSON, {@code v} version, {@code c} last commit id, {@code t:M} running
 *       timer M as "generation due-ms"; an ended call leaves {@code e} and {@code v} for a while)
 *   <li>{@code P:timers} (sorted set of timers by due time, in ms of Redis's clock)
 *   <li>channel {@code P:node:N}: messages to node N, each "count epoch\n{json}"
 * </ul>
 */
enum Script {

    /** ARGV: p, call id, node, epoch candidate. Returns {epoch, node's message count, flat hash of the call}. */
    READ_CALL("""
            local p, id, me = ARGV[1], ARGV[2], ARGV[3]
            local e = epoch(p, ARGV[4])
            local h = redis.call('HGETALL', p .. ':call:' .. id)
            local seq = redis.call('GET', p .. ':node:' .. me .. ':seq') or '0'
            return {e, seq, h}
            """),

    /**
     * ARGV: p, call id, node, expected version, commit id, kind (K keep the state, E ended, N nothing to keep, R
     * relay: the state and its timers stay exactly as they are, only events go out, so neither the version nor the
     * state is written and no snapshot is published), state JSON, ops JSON {t: [[S|C, member, delay-ms]...], rel:
     * [user...], per: [user...]} (not read for R), parties JSON [session...], tombstone ms, epoch candidate, then for
     * each event in order: its session id and its entry as JSON text, [session, user JSON, event JSON]. The entries are
     * copied into the published messages as they are, so a relay's SDP or candidate is neither decoded nor encoded
     * here. Returns {'ok'|'dup'|'conflict', epoch, node's message count, events dropped}.
     */
    COMMIT("""
            local p, id, me = ARGV[1], ARGV[2], ARGV[3]
            local ck = p .. ':call:' .. id
            local cur = redis.call('HGET', ck, 'v') or '0'
            local e = epoch(p, ARGV[11])
            local kind = ARGV[6]
            if kind == 'R' and cur == ARGV[4] and redis.call('HGET', ck, 'c') == ARGV[5] then
              return {'dup', e, redis.call('GET', p .. ':node:' .. me .. ':seq') or '0', 0}
            end
            if cur ~= ARGV[4] then
              if redis.call('HGET', ck, 'c') == ARGV[5] then
                return {'dup', e, redis.call('GET', p .. ':node:' .. me .. ':seq') or '0', 0}
              end
              return {'conflict', e, '0', 0}
            end
            local newv = tostring(tonumber(cur) + 1)
            local snap = nil
            if kind == 'R' then
              redis.call('HSET', ck, 'c', ARGV[5])
            else
              local ops = cjson.decode(ARGV[8])
              if kind == 'E' then
                for _, f in ipairs(redis.call('HKEYS', ck)) do
                  if string.sub(f, 1, 2) == 't:' then redis.call('ZREM', p .. ':timers', string.sub(f, 3)) end
                end
                redis.call('DEL', ck)
                redis.call('HSET', ck, 'v', newv, 'c', ARGV[5], 'e', '1')
                redis.call('PEXPIRE', ck, tonumber(ARGV[10]))
                snap = {id = id, v = tonumber(newv), e = 1}
              elseif kind == 'K' then
                local t = redis.call('TIME')
                local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
                for i, op in ipairs(ops.t) do
                  local m = op[2]
                  if op[1] == 'S' then
                    local due = now + tonumber(op[3])
                    redis.call('HSET', ck, 't:' .. m, ARGV[5] .. '.' .. i .. ' ' .. due)
                    redis.call('ZADD', p .. ':timers', due, m)
                  else
                    redis.call('HDEL', ck, 't:' .. m)
                    redis.call('ZREM', p .. ':timers', m)
                  end
                end
                redis.call('HSET', ck, 's', ARGV[7], 'v', newv, 'c', ARGV[5])
                redis.call('HDEL', ck, 'e')
                redis.call('PERSIST', ck)
                for _, u in ipairs(ops.per) do
                  local k = p .. ':claim:' .. u
                  if redis.call('GET', k) == id then redis.call('PERSIST', k) end
                end
                local h = redis.call('HGETALL', ck)
                local tm = {}
                for i = 1, #h, 2 do
                  if string.sub(h[i], 1, 2) == 't:' then tm[string.sub(h[i], 3)] = h[i + 1] end
                end
                snap = {id = id, v = tonumber(newv), s = ARGV[7], t = tm}
              end
              for _, u in ipairs(ops.rel) do
                local k = p .. ':claim:' .. u
                if redis.call('GET', k) == id then redis.call('DEL', k) end
              end
            end
            local groups, order, dropped = {}, {}, 0
            local function group(n)
              local g = groups[n]
              if not g then
                g = {ev = {}, c = false}
                groups[n] = g
                table.insert(order, n)
              end
              return g
            end
            for i = 12, #ARGV - 1, 2 do
              local n = redis.call('HGET', p .. ':session:' .. ARGV[i], 'n')
              if n then table.insert(group(n).ev, ARGV[i + 1]) else dropped = dropped + 1 end
            end
            if snap then
              for _, sid in ipairs(cjson.decode(ARGV[9])) do
                local n = redis.call('HGET', p .. ':session:' .. sid, 'n')
                if n then group(n).c = true end
              end
            end
            for _, n in ipairs(order) do
              local g = groups[n]
              local body = '{"ev":[' .. table.concat(g.ev, ',') .. ']'
              if g.c then body = body .. ',"c":' .. cjson.encode(snap) end
              send(p, n, e, body .. '}')
            end
            return {'ok', e, redis.call('GET', p .. ':node:' .. me .. ':seq') or '0', dropped}
            """),

    /**
     * ARGV: p, at most how many, lease ms. Takes the timers that are due, each with its generation, and moves them a
     * lease ahead, so that a timer a node took and could not fire (it died) falls due again.
     */
    POP_TIMERS("""
            local p = ARGV[1]
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local out = {}
            for _, m in ipairs(redis.call('ZRANGEBYSCORE', p .. ':timers', '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))) do
              local ok, parts = pcall(cjson.decode, m)
              local gen = false
              if ok and type(parts) == 'table' and type(parts[2]) == 'string' then
                gen = redis.call('HGET', p .. ':call:' .. parts[2], 't:' .. m)
              end
              if gen then
                redis.call('ZADD', p .. ':timers', now + tonumber(ARGV[3]), m)
                table.insert(out, m)
                table.insert(out, gen)
              else
                redis.call('ZREM', p .. ':timers', m)
              end
            end
            return out
            """),

    /** ARGV: p, call id, member, S|C, delay ms. A timer started or cancelled outside a transition (not the usual way). */
    TIMER_OP("""
            local p, id, m = ARGV[1], ARGV[2], ARGV[3]
            local ck = p .. ':call:' .. id
            if ARGV[4] == 'S' then
              local t = redis.call('TIME')
              local due = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[5])
              redis.call('HSET', ck, 't:' .. m, 'x' .. t[1] .. t[2] .. ' ' .. due)
              redis.call('ZADD', p .. ':timers', due, m)
            else
              redis.call('HDEL', ck, 't:' .. m)
              redis.call('ZREM', p .. ':timers', m)
            end
            return 1
            """),

    /** ARGV: p, user text, call id, pending ms. Returns 1 if the user is (now) in this call. */
    CLAIM("""
            local k = ARGV[1] .. ':claim:' .. ARGV[2]
            if redis.call('SET', k, ARGV[3], 'NX', 'PX', tonumber(ARGV[4])) then return 1 end
            if redis.call('GET', k) == ARGV[3] then return 1 end
            return 0
            """),

    /**
     * ARGV: p, user text, now ms, window ms, max, unique member. Counts a start_call of the user if fewer than max fell
     * in the sliding window before now (R8.8, across all the user's sessions on every node). Returns 1 if allowed.
     */
    RATE("""
            local k = ARGV[1] .. ':rate:' .. ARGV[2]
            local now, window = tonumber(ARGV[3]), tonumber(ARGV[4])
            redis.call('ZREMRANGEBYSCORE', k, '-inf', now - window)
            if redis.call('ZCARD', k) >= tonumber(ARGV[5]) then return 0 end
            redis.call('ZADD', k, now, ARGV[6])
            redis.call('PEXPIRE', k, window)
            return 1
            """),

    /** ARGV: p, user text, call id. */
    RELEASE("""
            local k = ARGV[1] .. ':claim:' .. ARGV[2]
            if redis.call('GET', k) == ARGV[3] then redis.call('DEL', k) end
            return 1
            """),

    /** ARGV: p, session id, node, user text, user JSON. */
    PRESENCE_ADD("""
            local o = redis.call('INCR', ARGV[1] .. ':presence-order')
            redis.call('HSET', ARGV[1] .. ':presence:' .. ARGV[4], ARGV[2], o .. ' ' .. ARGV[3] .. ' ' .. ARGV[5])
            return o
            """),

    /** ARGV: p, session id, node, user text. Removes the entry only if this node wrote it. */
    PRESENCE_REMOVE("""
            local k = ARGV[1] .. ':presence:' .. ARGV[4]
            local v = redis.call('HGET', k, ARGV[2])
            if v then
              local node = string.match(v, '^%S+ (%S+) ')
              if node == ARGV[3] then redis.call('HDEL', k, ARGV[2]) end
            end
            return 1
            """),

    /** ARGV: p, user text. Returns {order, session id, user JSON}... of sessions on live nodes. */
    SESSIONS_OF("""
            local p = ARGV[1]
            local h = redis.call('HGETALL', p .. ':presence:' .. ARGV[2])
            local out, alive = {}, {}
            for i = 1, #h, 2 do
              local o, node, u = string.match(h[i + 1], '^(%S+) (%S+) (.*)$')
              if node then
                local a = alive[node]
                if a == nil then
                  a = redis.call('EXISTS', p .. ':node:' .. node .. ':alive') == 1
                  alive[node] = a
                end
                if a then
                  table.insert(out, o)
                  table.insert(out, h[i])
                  table.insert(out, u)
                end
              end
            end
            return out
            """),

    /** ARGV: p, session id, node, user JSON, user text, token hash. This node holds the session. */
    HELD("""
            local p = ARGV[1]
            redis.call('HSET', p .. ':session:' .. ARGV[2], 'n', ARGV[3], 'u', ARGV[4], 'ut', ARGV[5], 'r', ARGV[6])
            redis.call('SET', p .. ':resume:' .. ARGV[6], ARGV[2])
            redis.call('SADD', p .. ':node:' .. ARGV[3] .. ':sessions', ARGV[2])
            return 1
            """),

    /** ARGV: p, session id, node, token hash. This node no longer holds the session. */
    RELEASED("""
            local p = ARGV[1]
            local sk = p .. ':session:' .. ARGV[2]
            if redis.call('HGET', sk, 'n') == ARGV[3] then
              redis.call('DEL', sk)
              if redis.call('GET', p .. ':resume:' .. ARGV[4]) == ARGV[2] then
                redis.call('DEL', p .. ':resume:' .. ARGV[4])
              end
            end
            redis.call('SREM', p .. ':node:' .. ARGV[3] .. ':sessions', ARGV[2])
            return 1
            """),

    /**
     * ARGV: p, token hash, session id, node, user text, request id, epoch candidate. Moves the session's address to
     * this node and, in the same step, asks the holder to hand it over: every event published before goes to the
     * holder ahead of the request (and is handed over with the session), every one after comes here. Returns {'asked',
     * holder, user JSON} or {'unknown'}, {'here'}, {'dead', holder, user JSON}.
     */
    TAKE("""
            local p, sid, me = ARGV[1], ARGV[3], ARGV[4]
            if redis.call('GET', p .. ':resume:' .. ARGV[2]) ~= sid then return {'unknown'} end
            local sk = p .. ':session:' .. sid
            local h = redis.call('HMGET', sk, 'n', 'ut', 'u')
            if not h[1] or h[2] ~= ARGV[5] then return {'unknown'} end
            if h[1] == me then return {'here'} end
            if redis.call('EXISTS', p .. ':node:' .. h[1] .. ':alive') == 0 then return {'dead', h[1], h[3]} end
            local e = epoch(p, ARGV[7])
            redis.call('HSET', sk, 'n', me)
            redis.call('SREM', p .. ':node:' .. h[1] .. ':sessions', sid)
            redis.call('SADD', p .. ':node:' .. me .. ':sessions', sid)
            send(p, h[1], e, cjson.encode({take = {sid = sid, u = h[3], from = me, rid = ARGV[6]}}))
            return {'asked', h[1], h[3]}
            """),

    /** ARGV: p, session id, user JSON, event JSON, epoch candidate. Sends one event to wherever its session lives. */
    ROUTE("""
            local p = ARGV[1]
            local n = redis.call('HGET', p .. ':session:' .. ARGV[2], 'n')
            if not n then return 0 end
            send(p, n, epoch(p, ARGV[5]), cjson.encode({ev = {{ARGV[2], ARGV[3], ARGV[4]}}}))
            return 1
            """),

    /** ARGV: p, node, body JSON, epoch candidate. Publishes a message to a node. */
    SEND("""
            send(ARGV[1], ARGV[2], epoch(ARGV[1], ARGV[4]), ARGV[3])
            return 1
            """),

    /**
     * ARGV: p, node, ttl ms, epoch candidate, this run's id. Beats: refreshes this node's heartbeat. Returns {epoch,
     * 1 if this run's heartbeat was still there (0 if none was, 2 if another run's was), {nodes without a
     * heartbeat}...}.
     */
    HEARTBEAT("""
            local p, me = ARGV[1], ARGV[2]
            local ak = p .. ':node:' .. me .. ':alive'
            local old = redis.call('GET', ak)
            local was = 0
            if old == ARGV[5] then was = 1 elseif old then was = 2 end
            redis.call('SET', ak, ARGV[5], 'PX', tonumber(ARGV[3]))
            redis.call('SADD', p .. ':nodes', me)
            local e = epoch(p, ARGV[4])
            local dead = {}
            for _, n in ipairs(redis.call('SMEMBERS', p .. ':nodes')) do
              if n ~= me and redis.call('EXISTS', p .. ':node:' .. n .. ':alive') == 0 then table.insert(dead, n) end
            end
            return {e, was, dead}
            """),

    /**
     * ARGV: p, dead node, reaper node, lock ms. Takes the job of cleaning up after a dead node (one node does it).
     * Returns {1, session id, user JSON, ...} with the sessions it held, or {0} if it is alive again or another node
     * has the job.
     */
    REAP_BEGIN("""
            local p, n = ARGV[1], ARGV[2]
            if redis.call('EXISTS', p .. ':node:' .. n .. ':alive') == 1 then return {0} end
            if not redis.call('SET', p .. ':reap:' .. n, ARGV[3], 'NX', 'PX', tonumber(ARGV[4])) then return {0} end
            local out = {1}
            for _, sid in ipairs(redis.call('SMEMBERS', p .. ':node:' .. n .. ':sessions')) do
              local h = redis.call('HMGET', p .. ':session:' .. sid, 'n', 'u')
              if h[1] == n then
                table.insert(out, sid)
                table.insert(out, h[2])
              end
            end
            return out
            """),

    /** ARGV: p, dead node, session id. Forgets a session of a dead node (after its call learnt it is lost). */
    REAP_SESSION("""
            local p, n, sid = ARGV[1], ARGV[2], ARGV[3]
            local sk = p .. ':session:' .. sid
            local h = redis.call('HMGET', sk, 'n', 'ut', 'r')
            if h[1] == n then
              redis.call('DEL', sk)
              if h[3] and redis.call('GET', p .. ':resume:' .. h[3]) == sid then redis.call('DEL', p .. ':resume:' .. h[3]) end
              if h[2] then
                local pk = p .. ':presence:' .. h[2]
                local v = redis.call('HGET', pk, sid)
                if v and string.match(v, '^%S+ (%S+) ') == n then redis.call('HDEL', pk, sid) end
              end
            end
            redis.call('SREM', p .. ':node:' .. n .. ':sessions', sid)
            return 1
            """),

    /** ARGV: p, dead node. The dead node is forgotten (unless it came back). */
    REAP_END("""
            local p, n = ARGV[1], ARGV[2]
            if redis.call('EXISTS', p .. ':node:' .. n .. ':alive') == 1 then return 0 end
            if redis.call('SCARD', p .. ':node:' .. n .. ':sessions') == 0 then
              redis.call('SREM', p .. ':nodes', n)
              redis.call('DEL', p .. ':node:' .. n .. ':seq')
            end
            return 1
            """),

    /** ARGV: p, node. A node leaves: its heartbeat goes at once, and so does the node if it holds no session. */
    LEAVE("""
            local p, n = ARGV[1], ARGV[2]
            redis.call('DEL', p .. ':node:' .. n .. ':alive')
            if redis.call('SCARD', p .. ':node:' .. n .. ':sessions') == 0 then
              redis.call('SREM', p .. ':nodes', n)
            end
            return 1
            """),

    /**
     * ARGV: p, call id, version, state JSON, timers JSON {member: value}, users JSON [user text...]. Puts back a call
     * that Redis lost, unless Redis has it at this version or later. Returns 1 if it was put back.
     */
    RESTORE_CALL("""
            local p, id = ARGV[1], ARGV[2]
            local ck = p .. ':call:' .. id
            local cur = tonumber(redis.call('HGET', ck, 'v') or '0')
            if cur >= tonumber(ARGV[3]) then return 0 end
            redis.call('DEL', ck)
            redis.call('HSET', ck, 's', ARGV[4], 'v', ARGV[3], 'c', 'restored')
            for m, g in pairs(cjson.decode(ARGV[5])) do
              redis.call('HSET', ck, 't:' .. m, g)
              local due = tonumber(string.match(g, ' (%d+)$'))
              if due then redis.call('ZADD', p .. ':timers', due, m) end
            end
            for _, u in ipairs(cjson.decode(ARGV[6])) do
              redis.call('SET', p .. ':claim:' .. u, id, 'NX')
            end
            return 1
            """);

    private static final String PRELUDE = """
            local function epoch(p, candidate)
              local e = redis.call('GET', p .. ':epoch')
              if not e then
                redis.call('SET', p .. ':epoch', candidate)
                e = candidate
              end
              return e
            end
            local function send(p, node, e, body)
              local k = redis.call('INCR', p .. ':node:' .. node .. ':seq')
              redis.call('PUBLISH', p .. ':node:' .. node, k .. ' ' .. e .. '\\n' .. body)
            end
            """;

    final String source;
    final String sha;

    Script(String body) {
        this.source = PRELUDE + body;
        this.sha = sha1(source);
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
