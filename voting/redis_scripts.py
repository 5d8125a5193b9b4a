"""Lua scripts of the live store (voting.live.store): each one round trip, each atomic in Redis."""

# KEYS: board, total, built, rebuilding, journal, rebuild-queued. ARGV: applied-key prefix,
# then (entry, vote, delta, tag) quadruples. Returns the number of changes applied, or -1
# when the counts are missing (Redis lost them) and nobody has been asked to rebuild yet.
APPLY = """
local built = redis.call('EXISTS', KEYS[3]) == 1
local rebuilding = redis.call('EXISTS', KEYS[4]) == 1
local applied = 0
for i = 2, #ARGV, 4 do
  local entry, vote, delta, tag = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  if redis.call('SET', ARGV[1] .. vote .. ':' .. tag, '1', 'NX', 'EX', 3600) then
    if rebuilding then redis.call('RPUSH', KEYS[5], entry .. ':' .. vote .. ':' .. delta) end
    if built or rebuilding then
      redis.call('ZINCRBY', KEYS[1], delta, entry)
      redis.call('INCRBY', KEYS[2], delta)
    end
    applied = applied + 1
  end
end
if not built and not rebuilding and redis.call('SET', KEYS[6], '1', 'NX', 'EX', 60) then
  return -1
end
return applied
"""

# KEYS: five counters (address hour, address window, network window, finalist hour, API
# client minute), then two sets (device phones, block phones). ARGV: a TTL per key (0 skips
# the key), then the phone hash. Returns the counters' values and the sets' sizes, in order.
ARRIVAL = """
local out = {}
for i = 1, 5 do
  local ttl = tonumber(ARGV[i])
  if ttl > 0 then
    local n = redis.call('INCR', KEYS[i])
    if n == 1 then redis.call('EXPIRE', KEYS[i], ttl) end
    out[i] = n
  else
    out[i] = 0
  end
end
for i = 6, 7 do
  local ttl = tonumber(ARGV[i])
  if ttl > 0 then
    if redis.call('SADD', KEYS[i], ARGV[8]) == 1 and redis.call('SCARD', KEYS[i]) == 1 then
      redis.call('EXPIRE', KEYS[i], ttl)
    end
    out[i] = redis.call('SCARD', KEYS[i])
  else
    out[i] = 0
  end
end
return out
"""

# KEYS: rebuilding, journal. ARGV: seconds the flag lives. Returns 1 if this caller may rebuild.
START = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', tonumber(ARGV[1])) then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
"""

# KEYS: board, total, built, rebuilding, journal, rebuild-queued. ARGV: journal length the
# caller has read, build stamp, then (entry, count) pairs. Swaps only if no change came in since.
SWAP = """
if redis.call('LLEN', KEYS[5]) ~= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
local total = 0
for i = 3, #ARGV, 2 do
  local n = tonumber(ARGV[i + 1])
  redis.call('ZADD', KEYS[1], n, ARGV[i])
  total = total + n
end
redis.call('SET', KEYS[2], total)
redis.call('SET', KEYS[3], ARGV[2])
redis.call('DEL', KEYS[4], KEYS[5], KEYS[6])
return 1
"""
