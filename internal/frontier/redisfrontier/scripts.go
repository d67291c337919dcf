package redisfrontier

import "github.com/redis/go-redis/v9"

// The Lua scripts. Each runs atomically on the server, so every state
// change below (a lease, a finish, a reclaim) is seen whole by every
// process sharing the frontier. All take the job's key prefix as ARGV[1]
// and build their keys from it (see keys in doc.go): the frontier runs on
// a standalone Redis, or on a cluster where the prefix's hash tag puts a
// job's keys in one slot.
//
// Numbers passed to redis.call go through s(), as Lua 5.1 would print a
// double of more than 14 digits (a queue score) in exponent form.

// luaLib holds the helpers every script starts with.
const luaLib = `
local P = ARGV[1]
local function s(n) return string.format('%.0f', n) end
local function k(name) return P .. name end
local function rkey(url) return P .. 'u:' .. url end

-- score orders a host's queue: higher priority first, then discovery order.
local function score(prio, seq) return -prio * 1099511627776 + seq end

-- count moves one URL from state old to state new in the counters.
local function count(old, new)
  if old == new then return end
  if old and old ~= '' then redis.call('HINCRBY', k('counts'), old, -1) end
  redis.call('HINCRBY', k('counts'), new, 1)
end

-- head re-ranks host in the ready set by the head of its queue.
local function head(host)
  local h = redis.call('ZRANGE', k('q:' .. host), 0, 0, 'WITHSCORES')
  if #h == 0 then
    redis.call('ZREM', k('ready'), host)
  else
    redis.call('ZADD', k('ready'), h[2], host)
  end
end

-- place puts a URL whose record says queued in its host's queue, or in
-- the delayed set when it has a not-before time.
local function place(url)
  local r = redis.call('HMGET', rkey(url), 'host', 'prio', 'seq', 'nb')
  local nb = tonumber(r[4]) or 0
  if nb > 0 then
    redis.call('ZADD', k('delayed'), s(nb), url)
    return
  end
  redis.call('ZADD', k('q:' .. r[1]), s(score(tonumber(r[2]), tonumber(r[3]))), url)
  head(r[1])
end

-- leave takes a URL out of the structures of its current state.
local function leave(url, host, state)
  if state == 'queued' then
    if redis.call('ZREM', k('q:' .. host), url) == 1 then head(host) end
    redis.call('ZREM', k('delayed'), url)
  elseif state == 'inflight' then
    redis.call('ZREM', k('leases'), url)
    redis.call('HINCRBY', k('hostinflight'), host, -1)
  end
end

-- requeue queues a finished URL again as if new (attempts 0).
local function requeue(url, old, reason)
  redis.call('HSET', rkey(url), 'state', 'queued', 'att', 0, 'nb', 0, 'reason', reason)
  redis.call('PERSIST', rkey(url))
  redis.call('ZREM', k('fetched:a'), url)
  redis.call('ZREM', k('fetched:p'), url)
  count(old, 'queued')
  place(url)
end

-- reclaim hands back the leases expired at clock (server ms): queued
-- again, or failed once they had maxAtt leases. It returns how many
-- were queued.
local function reclaim(clock, maxAtt, ttl)
  local us = redis.call('ZRANGEBYSCORE', k('leases'), '-inf', s(clock), 'LIMIT', 0, 1000)
  local n = 0
  for _, url in ipairs(us) do
    local r = redis.call('HMGET', rkey(url), 'host', 'att', 'state')
    redis.call('ZREM', k('leases'), url)
    if r[3] == 'inflight' then
      redis.call('HINCRBY', k('hostinflight'), r[1], -1)
      local att = tonumber(r[2])
      if maxAtt > 0 and att >= maxAtt then
        redis.call('HSET', rkey(url), 'state', 'failed',
          'reason', 'gave up after ' .. att .. ' attempts: lease expired')
        count('inflight', 'failed')
        if ttl > 0 then redis.call('PEXPIRE', rkey(url), ttl) end
      else
        redis.call('HSET', rkey(url), 'state', 'queued', 'reason', 'lease expired')
        count('inflight', 'queued')
        place(url)
        n = n + 1
      end
    end
  end
  return n
end

local function servertime()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`

// addFields is the number of ARGV values per entry given to scriptAdd.
const addFields = 14

// scriptAdd: ARGV[2..] are entries of addFields values: url, host, seen
// shard, seen field, kind, depth, priority, source, parent, lastmod,
// lastmod (Unix ms, 0 if none), published, title, skip reason. It returns
// how many URLs were new.
var scriptAdd = redis.NewScript(luaLib + `
local n = 0
local i = 2
while i + 13 <= #ARGV do
  local url, host, shard, field = ARGV[i], ARGV[i+1], ARGV[i+2], ARGV[i+3]
  local kind, skip = ARGV[i+4], ARGV[i+13]
  if redis.call('HSETNX', k('seen:' .. shard), field, '1') == 1 then
    local seq = redis.call('INCR', k('seq'))
    local state = 'queued'
    if skip ~= '' then state = 'skipped' end
    redis.call('HSET', rkey(url), 'url', url, 'host', host, 'kind', kind,
      'depth', ARGV[i+5], 'prio', ARGV[i+6], 'src', ARGV[i+7], 'parent', ARGV[i+8],
      'lastmod', ARGV[i+9], 'pub', ARGV[i+11], 'title', ARGV[i+12],
      'state', state, 'reason', skip, 'att', 0, 'nb', 0, 'seq', seq,
      'status', 0, 'etag', '', 'lm', '', 'fetched', 0, 'art', 0)
    count(nil, state)
    if state == 'queued' then place(url) end
    if kind ~= 'page' then redis.call('SADD', k('disc'), url) end
    n = n + 1
  elseif skip == '' and tonumber(ARGV[i+10]) > 0 then
    local r = redis.call('HMGET', rkey(url), 'state', 'fetched')
    local fetched = tonumber(r[2]) or 0
    if r[1] == 'done' and fetched > 0 and fetched < tonumber(ARGV[i+10]) then
      requeue(url, 'done', 'changed since last fetch')
    end
  end
  i = i + 14
end
return n
`)

// scriptNext: ARGV[2] due time (Unix ms, the caller's clock), [3] max,
// [4] per-host cap of this call, [5] default slots, [6] slots as a flat
// "host count host count" list, [7] lease timeout (ms), [8] max
// attempts, [9] max in flight per host across processes (0: no limit),
// [10] default delay between leases of a host (ms), [11] record TTL of
// finished URLs (ms, 0: none). It returns the leased records, each as
// a flat HGETALL list.
var scriptNext = redis.NewScript(luaLib + `
local due, max, perHost, defSlots = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local leaseMs, maxAtt, hostPar, defDelay, ttl = tonumber(ARGV[7]), tonumber(ARGV[8]), tonumber(ARGV[9]), tonumber(ARGV[10]), tonumber(ARGV[11])
local slots = {}
local sl = ARGV[6]
for h, c in string.gmatch(sl, '(%S+) (%S+)') do slots[h] = tonumber(c) end
local clock = servertime()
reclaim(clock, maxAtt, ttl)

-- Delayed retries now due join their host's queue.
local ds = redis.call('ZRANGEBYSCORE', k('delayed'), '-inf', s(due), 'LIMIT', 0, 1000)
for _, url in ipairs(ds) do
  redis.call('ZREM', k('delayed'), url)
  redis.call('HSET', rkey(url), 'nb', 0)
  place(url)
end

-- Candidates: the head of each ready host's queue, hosts taken in the
-- order of their heads; stop once no further host can beat the max-th.
local cands = {}
local delays = {}
local off = 0
local done = false
while not done do
  local hs = redis.call('ZRANGE', k('ready'), off, off + 99, 'WITHSCORES')
  if #hs == 0 then break end
  for j = 1, #hs, 2 do
    local host, hd = hs[j], tonumber(hs[j+1])
    if #cands >= max and hd > cands[max][1] then done = true break end
    local a = slots[host]
    if a == nil then a = defSlots end
    if a > perHost then a = perHost end
    if hostPar > 0 and a > 0 then
      local inf = tonumber(redis.call('HGET', k('hostinflight'), host)) or 0
      if a > hostPar - inf then a = hostPar - inf end
    end
    if a > 0 then
      local d = tonumber(redis.call('HGET', k('delay'), host)) or defDelay
      if d > 0 then
        local na = tonumber(redis.call('HGET', k('nextat'), host)) or 0
        if clock < na then a = 0 else a = 1 end
        delays[host] = d
      end
    end
    if a > 0 then
      local q = redis.call('ZRANGE', k('q:' .. host), 0, a - 1, 'WITHSCORES')
      for m = 1, #q, 2 do
        -- insert in score order, keeping the best max
        local c = {tonumber(q[m+1]), q[m], host}
        local pos = #cands + 1
        while pos > 1 and cands[pos-1][1] > c[1] do pos = pos - 1 end
        if pos <= max then
          table.insert(cands, pos, c)
          if #cands > max then cands[#cands] = nil end
        end
      end
    end
  end
  off = off + 100
end

local out = {}
local byHost = {}
for _, c in ipairs(cands) do
  local url, host = c[2], c[3]
  redis.call('ZREM', k('q:' .. host), url)
  byHost[host] = (byHost[host] or 0) + 1
  redis.call('HINCRBY', rkey(url), 'att', 1)
  redis.call('HSET', rkey(url), 'state', 'inflight')
  redis.call('ZADD', k('leases'), s(clock + leaseMs), url)
  out[#out + 1] = redis.call('HGETALL', rkey(url))
end
for host, n in pairs(byHost) do
  head(host)
  redis.call('HINCRBY', k('hostinflight'), host, n)
  if delays[host] then redis.call('HSET', k('nextat'), host, s(clock + delays[host])) end
end
if #out > 0 then
  redis.call('HINCRBY', k('counts'), 'queued', -#out)
  redis.call('HINCRBY', k('counts'), 'inflight', #out)
end
return out
`)

// scriptFinish: ARGV[2] url, [3] state, [4] reason, [5] not before (Unix
// ms, 0: none), [6] status, [7] ETag, [8] Last-Modified, [9] max
// attempts, [10] now (Unix ms), [11] "1" if the URL produced an article,
// [12] record TTL of finished URLs (ms, 0: none). It returns -1 for a URL
// without a record, 1 otherwise.
var scriptFinish = redis.NewScript(luaLib + `
local url = ARGV[2]
local r = redis.call('HMGET', rkey(url), 'state', 'host', 'att', 'kind')
if not r[1] then return -1 end
local old, host, att, kind = r[1], r[2], tonumber(r[3]), r[4]
local st, reason, status, maxAtt, ttl = ARGV[3], ARGV[4], tonumber(ARGV[6]), tonumber(ARGV[9]), tonumber(ARGV[12])
if st == 'queued' and maxAtt > 0 and att >= maxAtt then
  st = 'failed'
  local why = 'gave up after ' .. att .. ' attempts'
  if reason ~= '' then why = why .. ': ' .. reason end
  reason = why
end
leave(url, host, old)
redis.call('HSET', rkey(url), 'state', st, 'reason', reason, 'nb', ARGV[5], 'status', ARGV[6])
if status > 0 then redis.call('HSET', rkey(url), 'fetched', ARGV[10]) end
if status >= 200 and status <= 299 then redis.call('HSET', rkey(url), 'etag', ARGV[7], 'lm', ARGV[8]) end
if ARGV[11] == '1' then redis.call('HSET', rkey(url), 'art', 1) end
count(old, st)
if st == 'queued' then
  redis.call('PERSIST', rkey(url))
  place(url)
else
  if st == 'done' and kind == 'page' and status > 0 then
    local w = 'p'
    if redis.call('HGET', rkey(url), 'art') == '1' then w = 'a' end
    redis.call('ZADD', k('fetched:' .. w), ARGV[10], url)
  end
  if ttl > 0 then redis.call('PEXPIRE', rkey(url), ttl) end
end
return 1
`)

// scriptRelease: ARGV[2..] urls. Leased URLs go back to the queue, their
// attempt not counted.
var scriptRelease = redis.NewScript(luaLib + `
for i = 2, #ARGV do
  local url = ARGV[i]
  local r = redis.call('HMGET', rkey(url), 'state', 'host', 'att')
  if r[1] == 'inflight' then
    leave(url, r[2], 'inflight')
    local att = tonumber(r[3]) - 1
    if att < 0 then att = 0 end
    redis.call('HSET', rkey(url), 'state', 'queued', 'att', att)
    count('inflight', 'queued')
    place(url)
  end
end
return 0
`)

// scriptRequeue: ARGV[2..] urls. Finished URLs are queued again as new.
var scriptRequeue = redis.NewScript(luaLib + `
local n = 0
for i = 2, #ARGV do
  local url = ARGV[i]
  local st = redis.call('HGET', rkey(url), 'state')
  if st == 'done' or st == 'failed' or st == 'skipped' then
    requeue(url, st, '')
    n = n + 1
  end
end
return n
`)

// scriptRefreshDiscovery queues every done or failed sitemap and feed.
var scriptRefreshDiscovery = redis.NewScript(luaLib + `
local n = 0
for _, url in ipairs(redis.call('SMEMBERS', k('disc'))) do
  local st = redis.call('HGET', rkey(url), 'state')
  if st == 'done' or st == 'failed' then
    requeue(url, st, 'new run')
    n = n + 1
  end
end
return n
`)

// scriptRefresh: ARGV[2] fetched before (Unix ms), [3] "a" (articles) or
// "p" (other pages). It queues up to 1000 done pages and returns {seen,
// queued}; the caller repeats while seen is 1000.
var scriptRefresh = redis.NewScript(luaLib + `
local key = k('fetched:' .. ARGV[3])
local us = redis.call('ZRANGEBYSCORE', key, '-inf', '(' .. ARGV[2], 'LIMIT', 0, 1000)
local n = 0
for _, url in ipairs(us) do
  redis.call('ZREM', key, url)
  if redis.call('HGET', rkey(url), 'state') == 'done' then
    requeue(url, 'done', 'recrawl')
    n = n + 1
  end
end
return {#us, n}
`)

// scriptRecover: ARGV[2] max attempts, [3] record TTL (ms). It reclaims
// the expired leases and returns how many were queued again.
var scriptRecover = redis.NewScript(luaLib + `
local total = 0
while true do
  local before = redis.call('ZCOUNT', k('leases'), '-inf', s(servertime()))
  if before == 0 then break end
  total = total + reclaim(servertime(), tonumber(ARGV[2]), tonumber(ARGV[3]))
end
return total
`)
