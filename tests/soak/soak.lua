-- wrk script for the soak test: a county's normal day at a fixed rate, mixed reads and writes.
--
-- The driver (soak.py) logs the demo accounts in and writes a Lua file with their tokens, the read mix (weight,
-- account, path), the order flows (who reports where, then each step: action, account, body) and the pacing;
-- WANGGE_SOAK_CONFIG names it. Run with one connection per thread (-t N -c N): each thread then sees its requests
-- and responses strictly alternate, so it can drive its own orders through their flows — a step is sent only after
-- the previous step of that order was answered, and no two threads ever act on the same order, so every request
-- is valid and none races another (the run expects no non-2xx answer at all).
--
-- Pacing: every request waits cfg.delay_ms after the previous answer (wrk's delay()), so the rate is about
-- connections * 1000 / (delay_ms + latency).

local cfg = dofile(os.getenv("WANGGE_SOAK_CONFIG"))

-- ---------------------------------------------------------------- main state: thread ids and the summary
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

-- ---------------------------------------------------------------- per thread
local last          -- what the request in flight was: {kind=, flow=, order=, step=}
local queue = {}    -- orders of this thread waiting for their next step: {id=, flow=, step=}
local seen = {}     -- ring of order ids seen in lists (for detail reads)
local seen_n = 0
local person_n = 0
local stats = {}    -- kind -> {ok=, bad=, first_bad=}
-- What done() reads through thread:get: plain values only (wrk 4.1 crashes copying nested tables between states),
-- so the per-kind counts travel as a string of JSON members, rewritten after every answer.
stats_json = ""
flows_done = 0
reports = 0

local total_weight = 0
for _, r in ipairs(cfg.reads) do total_weight = total_weight + r.weight end
total_weight = total_weight + cfg.write_weight + cfg.person_weight

function init(args)
  math.randomseed(cfg.seed * 1000 + (tid or 0))
end

function delay()
  return cfg.delay_ms
end

local function headers(user, body)
  local h = {}
  if user ~= nil and user ~= "" then h["Authorization"] = "Bearer " .. cfg.tokens[user] end
  if body ~= nil then h["Content-Type"] = "application/json" end
  return h
end

local function json_str(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

-- GB 11643 check character.
local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local function citizen_id(area, y, m, d, seq)
  local s = string.format("%s%04d%02d%02d%03d", area, y, m, d, seq)
  local sum = 0
  for i = 1, 17 do sum = sum + tonumber(s:sub(i, i)) * weights[i] end
  local r = sum % 11
  return s .. checks:sub(r + 1, r + 1)
end

-- A person registered by a grid worker (someone moving in), with a citizen ID nobody has: the demo uses sequence
-- numbers 900-999 only, so each thread takes the sequence number of its own id (below 900) and a new birth date
-- for every registration, counting up from 1980-01-01 in the warm-up (WANGGE_SOAK_RUN=0) and from 2000-01-01 in the
-- measured run — unique across threads and runs on one database.
local run = tonumber(os.getenv("WANGGE_SOAK_RUN") or "0")
local function person_request()
  person_n = person_n + 1
  local t = os.time({year = 1980 + 20 * run, month = 1, day = person_n, hour = 12})
  local d = os.date("*t", t)
  local id = citizen_id(cfg.county, d.year, d.month, d.day, tid)
  local p = cfg.person
  local body = '{"name":' .. json_str(p.names[person_n % #p.names + 1]) .. ',"citizen_id":"' .. id ..
               '","place_code":"' .. p.place .. '"}'
  last = {kind = "POST /people (register)"}
  return wrk.format("POST", "/api/v1/people", headers(p.user, body), body)
end

local function report_request()
  local flow = cfg.flows[math.random(#cfg.flows)]
  local body = '{"category":"' .. flow.category .. '","description":' .. json_str(flow.description) ..
               ',"place_code":"' .. flow.place .. '"}'
  last = {kind = "POST /orders (" .. flow.reporter .. ")", flow = flow}
  reports = reports + 1
  return wrk.format("POST", "/api/v1/orders", headers(flow.reporter, body), body)
end

local function step_request(o)
  local s = o.flow.steps[o.step]
  last = {kind = "POST /orders/{id}/" .. s.action .. " (" .. s.user .. ")", order = o}
  return wrk.format("POST", "/api/v1/orders/" .. o.id .. "/" .. s.action, headers(s.user, s.body), s.body)
end

local function read_request()
  local pick = math.random() * (total_weight - cfg.write_weight - cfg.person_weight)
  local r
  for _, c in ipairs(cfg.reads) do
    pick = pick - c.weight
    r = c
    if pick <= 0 then break end
  end
  local path = r.path
  if path:find("{order}", 1, true) then
    if seen_n == 0 then
      r = cfg.reads[1]
      path = r.path
    else
      path = path:gsub("{order}", tostring(seen[math.random(math.min(seen_n, #seen + 0))]))
    end
  end
  last = {kind = "GET " .. r.name .. " (" .. (r.user ~= "" and r.user or "public") .. ")", harvest = r.harvest}
  return wrk.format("GET", path, headers(r.user, nil), nil)
end

function request()
  local x = math.random() * total_weight
  if x < cfg.write_weight then
    if #queue > 0 then return step_request(table.remove(queue, 1)) end
    return report_request()
  elseif x < cfg.write_weight + cfg.person_weight then
    return person_request()
  end
  return read_request()
end

local function count(kind, ok, status, body)
  local s = stats[kind]
  if s == nil then
    s = {ok = 0, bad = 0}
    stats[kind] = s
  end
  if ok then
    s.ok = s.ok + 1
  else
    s.bad = s.bad + 1
    if s.first_bad == nil then s.first_bad = status .. " " .. (body or ""):sub(1, 300) end
  end
  local parts = {}
  for k, a in pairs(stats) do
    table.insert(parts, string.format('%s:{"ok":%d,"bad":%d,"first_bad":%s}', json_str(k), a.ok, a.bad,
                                      a.first_bad and json_str(a.first_bad) or "null"))
  end
  stats_json = table.concat(parts, ",")
end

function response(status, hdrs, body)
  local l = last
  last = nil
  if l == nil then return end
  local ok = status >= 200 and status < 300
  count(l.kind, ok, status, body)
  if not ok then return end  -- a failed step ends that order's flow (and fails the run)
  if l.flow ~= nil then
    local id = body:match('^{"id":(%d+)')
    if id ~= nil then table.insert(queue, {id = id, flow = l.flow, step = 1}) end
  elseif l.order ~= nil then
    local o = l.order
    o.step = o.step + 1
    if o.step <= #o.flow.steps then table.insert(queue, o) else flows_done = flows_done + 1 end
  elseif l.harvest then
    for id in body:gmatch('{"id":(%d+)') do
      seen_n = seen_n + 1
      seen[(seen_n - 1) % 200 + 1] = tonumber(id)
    end
  end
end

-- ---------------------------------------------------------------- main state: the summary as one JSON line
function done(summary, latency, requests)
  local parts = {}
  local flows, reported = 0, 0
  for _, t in ipairs(threads) do
    local j = t:get("stats_json")
    if j ~= nil and j ~= "" then table.insert(parts, j) end
    flows = flows + t:get("flows_done")
    reported = reported + t:get("reports")
  end
  -- Each thread's members; the driver adds up repeated kinds (its JSON reader keeps pairs, see soak.py).
  local e = summary.errors
  io.write(string.format(
      'SOAK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d},' ..
      '"orders_reported":%d,"flows_completed":%d,"kinds":{%s}}\n',
      summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
      latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      reported, flows, table.concat(parts, ",")))
end
