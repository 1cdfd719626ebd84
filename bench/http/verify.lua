-- wrk script for scripts/bench-http.sh: POSTs one pre-issued verify body per request.
-- usage: wrk ... -s verify.lua URL -- BODIES_FILE THREADS MODE
--   MODE "once":  every body is sent at most once (Latch: a code opens once); each thread takes a disjoint
--                 slice (lines i with i % THREADS == thread id). Requests past the end of a slice are counted
--                 as "exhausted" (they resend used codes and get 403s, so the run is invalid).
--   MODE "cycle": bodies are reused round-robin (the no-op server does not care).
-- done() prints one machine-readable line: RESULT requests=.. rps=.. p50_us=.. p99_us=.. non200=.. exhausted=..

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local path, nthreads = args[1], tonumber(args[2])
  cycle = args[3] == "cycle"
  bodies = {}
  local line_no = 0
  for line in io.lines(path) do
    if line_no % nthreads == id then
      bodies[#bodies + 1] = line
    end
    line_no = line_no + 1
  end
  if #bodies == 0 then
    error("no bodies for thread " .. id .. " in " .. path)
  end
  slice = #bodies
  index = 0
  sent = 0
  non200 = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  sent = sent + 1
  index = index + 1
  if index > #bodies then
    index = 1
  end
  return wrk.format(nil, nil, nil, bodies[index])
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
  end
end

function done(summary, latency, requests)
  local non200_total, exhausted_total, slice_total = 0, 0, 0
  for _, thread in ipairs(threads) do
    non200_total = non200_total + thread:get("non200")
    local past_slice = thread:get("sent") - thread:get("slice")
    if not thread:get("cycle") and past_slice > 0 then
      exhausted_total = exhausted_total + past_slice
    end
    slice_total = slice_total + thread:get("slice")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d max_us=%d non200=%d exhausted=%d bodies=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency.max, non200_total, exhausted_total, slice_total, e.connect + e.read + e.write + e.timeout))
end
