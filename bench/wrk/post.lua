-- wrk script: POST /v1/videos/{id}/comments as fast as the connections allow (docs/benchmarks.md,
-- "Write path"). Every request carries a valid token (read from TOKENS_FILE, one JWT a line, minted by
-- bench/write-path.sh with the server's LC_JWT_SECRET) and a unique Idempotency-Key, and names one of
-- VIDEOS videos (default 16). done() prints one line: acknowledged (201) comments/s and the latency of
-- every response (wrk measures each request from its send to its response).
local counter = 0
local tokens = {}
local videos = tonumber(os.getenv("VIDEOS") or "16")
local threads = {}
local next_thread = 1
local prefix
created = 0
refused = 0
other = 0

function setup(thread)
  thread:set("thread_number", next_thread)
  next_thread = next_thread + 1
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    tokens[#tokens + 1] = line
  end
  math.randomseed(os.time() + thread_number)
  prefix = string.format("w%d-%d-%d-", thread_number, os.time(), math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[(counter % #tokens) + 1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = prefix .. counter,
  }
  local path = "/v1/videos/bench-" .. (counter % videos) .. "/comments"
  return wrk.format("POST", path, headers, '{"text":"comment ' .. prefix .. counter .. '"}')
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  elseif status == 503 then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + thread:get("created")
    r = r + thread:get("refused")
    o = o + thread:get("other")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT created=%d refused503=%d other=%d errors=%d seconds=%.1f acknowledged_per_s=%.0f"
      .. " p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
    c, r, o, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, seconds, c / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
