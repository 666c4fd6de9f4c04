/**
 * The Redis counter scripts (lib/gateway/counters-redis.ts). The limit maths is that of
 * lib/gateway/limits-math.ts, translated; both scripts touch only keys of one Gatehouse key
 * (`{keyId}` hash tag), so they run in one cluster slot.
 *
 * Layout, per Gatehouse key (no command ever searches: a reset is one DEL):
 *   <p>:rl:{keyId}:<apiId>:<windowMs>:<windowStart>  string: calls counted in that fixed window
 *   <p>:quota:{keyId}                                 hash: <scope>:u used, <scope>:r renews at
 *   <p>:op:{keyId}:<minute>                           hash: opId → period ("-": no quota) or "x"
 *
 * The op hash makes a call's consumption undoable and unrepeatable: a consume that was answered
 * 503 (timeout, lost connection) is cancelled later; the cancel undoes it if it ran, or leaves a
 * tombstone ("x") so that it is a no-op if it arrives after the cancel.
 */

/**
 * KEYS: 1 current window, 2 previous window, 3 quota hash, 4 op hash
 * ARGV: 1 now, 2 windowMs, 3 limit, 4 windowStart, 5 hasQuota, 6 quotaMax, 7 renewalMs,
 *       8 seedUsed, 9 seedRenewsAt, 10 scope, 11 opId, 12 opTtlMs
 * Returns { outcome (0 ok, 1 rate, 2 quota, 3 cancelled before it ran), current, previous,
 *           quotaUsed, quotaRenewsAt }
 */
export const CONSUME_LUA = `
if redis.call('HEXISTS', KEYS[4], ARGV[11]) == 1 then return {3, 0, 0, 0, 0} end
local now = tonumber(ARGV[1])
local windowMs = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local windowStart = tonumber(ARGV[4])
local hasQuota = ARGV[5] == '1'
local fu = ARGV[10] .. ':u'
local fr = ARGV[10] .. ':r'
local used = 0
local renews = 0
local function keepQuota()
  redis.call('HSET', KEYS[3], fu, used, fr, renews)
  local want = renews - now + 60000
  if redis.call('PTTL', KEYS[3]) < want then redis.call('PEXPIRE', KEYS[3], want) end
end
if hasQuota then
  local qmax = tonumber(ARGV[6])
  local renewal = tonumber(ARGV[7])
  local stored = redis.call('HMGET', KEYS[3], fu, fr)
  if stored[1] and stored[2] then
    used = tonumber(stored[1])
    renews = tonumber(stored[2])
  else
    used = tonumber(ARGV[8])
    renews = tonumber(ARGV[9])
    if renews == 0 then
      used = 0
      renews = now + renewal
    end
  end
  if now >= renews then
    renews = renews + (math.floor((now - renews) / renewal) + 1) * renewal
    used = 0
  end
  if used >= qmax then
    keepQuota()
    local c = tonumber(redis.call('GET', KEYS[1]) or '0')
    local p = tonumber(redis.call('GET', KEYS[2]) or '0')
    return {2, c, p, used, renews}
  end
end
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local estimate = previous * (windowMs - (now - windowStart)) / windowMs + current
if estimate >= limit then
  return {1, current, previous, used, renews}
end
current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], windowMs * 2 + 1000) end
local period = '-'
if hasQuota then
  used = used + 1
  keepQuota()
  period = renews
end
redis.call('HSET', KEYS[4], ARGV[11], period)
redis.call('PEXPIRE', KEYS[4], ARGV[12])
return {0, current, previous, used, renews}
`;

/**
 * KEYS: 1 op hash, 2 the window the op counted in, 3 quota hash
 * ARGV: 1 opId, 2 scope, 3 opTtlMs
 * Returns 1 when a consumption was undone, 0 otherwise (never ran: tombstone; cancelled before).
 */
export const CANCEL_LUA = `
local m = redis.call('HGET', KEYS[1], ARGV[1])
if m == 'x' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], 'x')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if not m then return 0 end
local c = tonumber(redis.call('GET', KEYS[2]) or '0')
if c > 0 then redis.call('DECR', KEYS[2]) end
if m ~= '-' then
  local r = redis.call('HGET', KEYS[3], ARGV[2] .. ':r')
  local u = tonumber(redis.call('HGET', KEYS[3], ARGV[2] .. ':u') or '0')
  if r and tonumber(r) == tonumber(m) and u > 0 then
    redis.call('HINCRBY', KEYS[3], ARGV[2] .. ':u', -1)
  end
end
return 1
`;
