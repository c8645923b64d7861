-- wrk script for bench/soak: one connection per thread (wrk -tN -cN), so each response belongs to the request the
-- thread sent last. Requests are drawn from a mix of REST and GraphQL list queries; every answer is checked: status
-- 200, no GraphQL errors, and the rows listed agree with the count beside them (rows = min(limit, count - offset)).
-- BENCH_AUTH is the Authorization header.
local threads = {}
local mix = {}

local function rest(path, limit, offset)
  table.insert(mix, { method = "GET", path = "/api/users/auth_tokens?" .. path, limit = limit, offset = offset })
end

local function graphql(document, limit, offset)
  local body = '{"query":"' .. document:gsub('"', '\\"') .. '"}'
  table.insert(mix, { method = "POST", path = "/graphql", body = body, limit = limit, offset = offset })
end

local fields = "totalCount results { id key userData { id username fullName } createdAt updatedAt }"
rest("limit=20", 20, 0)
rest("search=alex&limit=20", 20, 0)
rest("created_from=2025-03-01&created_to=2025-03-31&ordering=-created_at&limit=50", 50, 0)
rest("limit=20&offset=500000", 20, 500000)
rest("id_min=400000&id_max=400100&ordering=-id", nil, nil)
rest("search=bec7fdba22308f5823013a4642652ea49931d6c9&limit=20", 20, 0)
rest("search=smith&ordering=-updated_at&limit=25&offset=75", 25, 75)
rest("ordering=user&limit=10&offset=999990", 10, 999990)
graphql("{ authTokens(limit: 20) { " .. fields .. " } }", 20, 0)
graphql('{ authTokens(search: "alex", limit: 20) { ' .. fields .. " } }", 20, 0)
graphql('{ authTokens(filter: { createdFrom: "2025-03-01", createdTo: "2025-03-31" }, '
  .. "ordering: [{ field: CREATED_AT, direction: DESC }], limit: 50) { " .. fields .. " } }", 50, 0)
graphql("{ authTokens(limit: 20, offset: 500000) { " .. fields .. " } }", 20, 500000)
graphql("{ authTokens(filter: { idMin: 400000, idMax: 400100 }, ordering: [{ field: ID, direction: DESC }], "
  .. "limit: 1000) { " .. fields .. " } }", 1000, 0)
graphql("{ authTokenConnection(first: 20, search: \"son\") { totalCount edges { cursor node { id key } } "
  .. "pageInfo { hasNextPage } } }", 20, 0)

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + #threads * 7919)
  bad, server_errors, mismatched, checked = 0, 0, 0, 0
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  current = mix[math.random(#mix)]
  return wrk.format(current.method, current.path, nil, current.body)
end

local function rows(body)
  local n = 0
  for _ in body:gmatch('"key":"') do n = n + 1 end
  return n
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
  if status ~= 200 or body:find('"errors"', 1, true) then
    bad = bad + 1
    return
  end
  local count = tonumber(body:match('^{"count":(%d+)') or body:match('"totalCount":(%d+)'))
  checked = checked + 1
  if current.limit == nil then
    -- The id range's plain array: ids 400000..400100 are never written by the soak, so always 101 rows.
    if rows(body) ~= 101 then mismatched = mismatched + 1 end
  elseif count == nil or rows(body) ~= math.min(current.limit, math.max(0, count - current.offset)) then
    mismatched = mismatched + 1
  end
end

function done(summary, latency, requests)
  local totals = { bad = 0, server_errors = 0, mismatched = 0, checked = 0 }
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do totals[name] = totals[name] + thread:get(name) end
  end
  local errors = totals.bad + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout
  io.write(string.format("SOAK requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d 5xx=%d "
      .. "checked=%d count_mismatches=%d\n", summary.requests, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors,
      totals.server_errors, totals.checked, totals.mismatched))
end
