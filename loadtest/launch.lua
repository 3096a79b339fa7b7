-- wrk script: POST a LaunchRequest to /alexa, each with its own request id,
-- so every request writes its own usage event (writes are idempotent on the
-- request id, so reusing one would measure nothing).
-- Each wrk thread gets its own prefix; the counter makes ids unique within it.

-- prefix is a global on purpose: setup() sets it in each thread's own Lua
-- state, and a local here would shadow it, giving both threads the same ids.
local counter = 0
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("prefix", "load-" .. tostring(os.time()) .. "-" .. thread_no)
end

local body_head = [[{"version":"1.0","session":{"new":true,"sessionId":"amzn1.echo-api.session.load","application":{"applicationId":"amzn1.ask.skill.load"},"attributes":{},"user":{"userId":"amzn1.ask.account.LOAD"}},"context":{"System":{"application":{"applicationId":"amzn1.ask.skill.load"},"user":{"userId":"amzn1.ask.account.LOAD"},"device":{"deviceId":"amzn1.ask.device.LOAD","supportedInterfaces":{}}}},"request":{"type":"LaunchRequest","requestId":"]]
local body_tail = [[","timestamp":"2026-11-23T10:00:00Z","locale":"en-GB"}}]]

function request()
  counter = counter + 1
  return wrk.format("POST", "/alexa", {["Content-Type"] = "application/json"},
    body_head .. prefix .. "-" .. counter .. body_tail)
end

function done(summary, latency, requests)
  io.write(string.format("requests %d, errors (status) %d, timeouts %d\n",
    summary.requests, summary.errors.status, summary.errors.timeout))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("p%-5s %8.3f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
end
