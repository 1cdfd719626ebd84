-- wrk script for scripts/bench-http.sh: POSTs one pre-issued verify body per request.
-- usage: wrk ... -s verify.lua URL -- BODIES_FILE THREADS MODE
--   MODE "once":  every body is sent at most once (Latch: a code opens once); each thread takes a disjoint
--                 slice (lines i with i % THREADS == thread id). Requests past the end of a slice are counted
--                 as "exhausted" (they resend used codes and get 403s, so the run is invalid).
--   MODE "cycle": bodies are reused round-robin (the no-op server does not care).
-- done() prints one machine-readable line: RESULT requests=.. rps=.. p50_us=.. p99_us=.. failed=.. exhausted=..
-- The load generator shares the cores with the server, so it does as little as it can per request: requests are
-- formatted once in init(), and there is no response() callback (defining one makes wrk hand every answer to Lua);
-- answers with an error status (>= 400) are counted by wrk itself.

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
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  requests = {}
  local line_no = 0
  for line in io.lines(path) do
    if line_no % nthreads == id then
      requests[#requests + 1] = wrk.format(nil, nil, nil, line)
    end
    line_no = line_no + 1
  end
  if #requests == 0 then
    error("no bodies for thread " .. id .. " in " .. path)
  end
  slice = #requests
  index = 0
  sent = 0
end

function request()
  sent = sent + 1
  index = index + 1
  if index > slice then
    index = 1
  end
  return requests[index]
end

function done(summary, latency, requests)
  local exhausted_total, slice_total = 0, 0
  for _, thread in ipairs(threads) do
    local past_slice = thread:get("sent") - thread:get("slice")
    if not thread:get("cycle") and past_slice > 0 then
      exhausted_total = exhausted_total + past_slice
    end
    slice_total = slice_total + thread:get("slice")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d rps=%.0f p50_us=%d p99_us=%d max_us=%d failed=%d exhausted=%d bodies=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency.max, e.status, exhausted_total, slice_total, e.connect + e.read + e.write + e.timeout))
end
