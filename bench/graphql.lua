-- wrk script for the GraphQL benchmarks: POSTs the JSON body in $BENCH_BODY,
-- replacing $ID, $ID1..$ID3 with random product ids from $BENCH_IDS and $KEY
-- with a unique idempotency key, and counts responses that are not 200 or
-- carry GraphQL errors (a fast error must not pass for a fast answer).
local body_file = os.getenv("BENCH_BODY")
local ids_file = os.getenv("BENCH_IDS")
local token = os.getenv("BENCH_TOKEN") or ""

local function readall(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

local template = readall(body_file)
local ids = {}
if ids_file and ids_file ~= "" then
  for line in io.lines(ids_file) do
    if line ~= "" then ids[#ids + 1] = line end
  end
end
local dynamic = template:find("$ID", 1, true) or template:find("$KEY", 1, true)

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("tid", counter)
  table.insert(threads, thread)
end

local static_request
function init(args)
  failures = 0
  seq = 0
  math.randomseed(os.time() * 100 + tid)
  if not dynamic then
    wrk.body = template
    static_request = wrk.format()
  end
end

local function pick() return ids[math.random(#ids)] end

function request()
  if static_request then return static_request end
  seq = seq + 1
  local b = template:gsub("%$ID(%d?)", function() return pick() end)
  b = b:gsub("%$KEY", string.format("bench-%d-%d-%d", os.time(), tid, seq))
  return wrk.format(nil, nil, nil, b)
end

function response(status, headers, body)
  if status ~= 200 or body:find('"errors"', 1, true) then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("failures") or 0) end
  io.write(string.format("BENCH_FAILURES %d\n", total))
end
