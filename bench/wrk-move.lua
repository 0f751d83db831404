-- bench/wrk-move.lua - the write benchmark: POST /api/v1/deals/{id}/move
-- back and forth between two stages of the first pipeline.
--
-- wrk -t N -s bench/wrk-move.lua URL -- DEALS_FILE STAGE_A STAGE_B N
-- DEALS_FILE has one "deal_id stage_id" line per open deal of the pipeline,
-- each at STAGE_A or STAGE_B. Thread k of n takes the lines i with
-- i % n == k and cycles through them, each deal going to the stage it is
-- not in: a deal comes round again only after the whole range has, and
-- the range is far larger than the thread's connections (each with one
-- request in flight), so no two requests ever move the same deal at once
-- and no move finds its deal in the target stage already (no 409).
-- Prints, like wrk-report.lua, one line:
--   WRK requests=N seconds=S rps=R p50_ms=X p99_ms=Y http_errors=E ...
--       sent=N2 acked=A non2xx=F
-- acked counts 2xx responses; sent - requests were in flight when wrk
-- stopped (the server may have committed them without wrk seeing it).
--
-- wrk (4.1.0, Debian 12's) calls request() once on the first thread's
-- script before any thread runs, to check what it returns, and never sends
-- that request. Counted as a move, it left that deal's next stage flipped
-- once too often: when the thread came round to the deal again, it asked
-- for the stage the deal was in, a 409 in every run. So the first thread's
-- first call builds the first request without counting or flipping.

local threads = {}
local nthreads = 0

function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
  table.insert(threads, thread)
end

function init(args)
  local file, sa, sb, nthreads_total = args[1], args[2], args[3], tonumber(args[4])
  wrk.headers["Content-Type"] = "application/json"
  ids, next_stage, pos, sent, acked, non2xx = {}, {}, 0, 0, 0, 0
  local n = 0
  local i = 0
  for line in io.lines(file) do
    local id, st = line:match("^(%d+)%s+(%d+)")
    if id then
      if i % nthreads_total == tid then
        n = n + 1
        ids[n] = id
        next_stage[n] = (st == sa) and sb or sa
      end
      i = i + 1
    end
  end
  count = n
  unchecked = tid == 0 -- the call wrk makes only to check the request
  if n == 0 then
    error("no deals for thread " .. tid)
  end
  stage_a, stage_b = sa, sb
end

function request()
  if unchecked then
    unchecked = false
    return wrk.format("POST", "/api/v1/deals/" .. ids[pos % count + 1] .. "/move", nil,
                      '{"stage":' .. next_stage[pos % count + 1] .. '}')
  end
  pos = pos % count + 1
  local st = next_stage[pos]
  next_stage[pos] = (st == stage_a) and stage_b or stage_a
  sent = sent + 1
  return wrk.format("POST", "/api/v1/deals/" .. ids[pos] .. "/move", nil,
                    '{"stage":' .. st .. '}')
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    acked = acked + 1
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local s = summary.duration / 1e6
  local e = summary.errors
  local tsent, tacked, tbad = 0, 0, 0
  for _, t in ipairs(threads) do
    tsent = tsent + t:get("sent")
    tacked = tacked + t:get("acked")
    tbad = tbad + t:get("non2xx")
  end
  io.write(string.format(
    "WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f http_errors=%d connect=%d read=%d write=%d timeout=%d sent=%d acked=%d non2xx=%d\n",
    summary.requests, s, tacked / s, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect, e.read, e.write, e.timeout,
    tsent, tacked, tbad))
end
