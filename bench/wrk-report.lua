-- bench/wrk-report.lua - prints one parseable line at the end of a wrk run
-- (bench/http.sh reads it):
--   WRK requests=N seconds=S rps=R p50_ms=X p99_ms=Y http_errors=E
--       connect=C read=R write=W timeout=T
-- http_errors is wrk's count of responses with a status >= 400 (no 3xx can
-- come from the endpoints measured); the others are socket errors.
function done(summary, latency, requests)
  local s = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f http_errors=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, s, summary.requests / s, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
