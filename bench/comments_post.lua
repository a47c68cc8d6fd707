-- wrk script for bench/comments.sh: every request is a comment posted by a different signed-in
-- reader, as the comment form sends it without JavaScript (POST /comments, a form with the
-- session's csrf token; accepted: 303 to the comment).
--
--   wrk ... -s bench/comments_post.lua URL/comments -- FILE FIRST COUNT ARTICLE THREADS TAG
--
-- FILE holds one reader a line, "mh_session cookie <TAB> csrf token <TAB> article id", as
-- bench/comments_readers.mjs writes it. This run uses lines FIRST .. FIRST+COUNT-1 (1-based),
-- each once: wrk thread k of THREADS (wrk -t) takes lines FIRST+k-1, FIRST+k-1+THREADS, ...
-- so no two requests ever come from the same reader. ARTICLE, if not empty, replaces every
-- line's article id (all comments on one article). TAG names the run in every comment's text.
-- A thread that has used all its lines sends GET /comments/help (a cached page, not counted)
-- until its last comments are answered, then stops (wrk still runs for its -d; "exhausted" in
-- the summary counts such threads).
--
-- Every comment's text is different, also across runs with different TAGs (the server rejects
-- the same text twice from a reader within 24 hours with 409), plain, without links or listed words, in English or Korean, 60 to 110 characters.
--
-- done() prints one line for bench/comments.sh:
--   comments-lua: accepted=N rejected=N exhausted=N used_max=N seconds=S [status_CODE=N ...]
-- accepted: answers 303 (or 201 to a JSON post); rejected: any other answer, by status.
local lines = {}
local threads = {}
local counter = 0
local next_line = 0
local stopping = false
local pending = 0 -- comments sent and not answered yet
local texts = {
  "Good to see this covered properly. The figures in the third paragraph surprised me.",
  "I take the night bus twice a week and this matches what I see. More of this, please.",
  "좋은 기사 감사합니다. 다음에는 지방 상황도 다뤄 주세요.",
  "Not convinced by the second half: where does the estimate for next year come from?",
  "This is the clearest explanation I have read so far. 설명이 아주 명확하네요.",
  "My parents went through exactly this in the nineties; strange to see it come back.",
  "Would be useful to compare with Japan and Taiwan, which had the same problem earlier.",
  "정책이 바뀌어도 현장은 그대로인 것 같아요. 후속 보도 기대합니다.",
}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local function urlencode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

function init(args)
  local file = args[1]
  local first = tonumber(args[2] or "1")
  local count = tonumber(args[3] or "0")
  local article = args[4]
  if article == "" then
    article = nil
  end
  -- wrk calls setup() and init() thread by thread, so init() cannot count the threads.
  local nthreads = tonumber(args[5] or "1")
  tag = args[6] or "run"
  local all = {}
  for line in io.lines(file) do
    if line ~= "" then
      all[#all + 1] = line
    end
  end
  if count <= 0 or first + count - 1 > #all then
    count = #all - first + 1
  end
  for i = first + (thread_number or 1) - 1, first + count - 1, nthreads do
    local cookie, csrf, id = string.match(all[i], "^([^\t]+)\t([^\t]+)\t([^\t]+)$")
    lines[#lines + 1] = { cookie = cookie, csrf = csrf, article = article or id }
  end
  -- A browser's form post sends Origin; the server takes its own Host as its origin.
  origin = "http://" .. wrk.headers["Host"]
  accepted, rejected, exhausted, used_max = 0, 0, 0, 0
  by_status = {}
  status_text = ""
end

local verified = false

function request()
  if not verified and thread_number == 1 then
    -- wrk calls the first thread's request() once before the run, to check the script, and
    -- never sends that request: it must not use up a reader.
    verified = true
    return wrk.format("GET", "/comments/help")
  end
  next_line = next_line + 1
  if next_line > #lines then
    -- Out of readers. wrk wants a request all the same: a cheap cached page, not counted.
    exhausted = 1
    next_line = #lines + 1
    if pending == 0 and not stopping then
      stopping = true
      wrk.thread:stop()
    end
    return wrk.format("GET", "/comments/help")
  end
  used_max = next_line
  pending = pending + 1
  counter = counter + 1
  local r = lines[next_line]
  local text = texts[(counter % #texts) + 1] .. " (" .. tag .. "-" .. (thread_number or 0) .. "-" .. counter .. ")"
  local body = "csrf=" .. r.csrf .. "&article=" .. r.article .. "&body=" .. urlencode(text) ..
    "&accept_policy=1"
  return wrk.format("POST", "/comments", {
    ["Host"] = wrk.headers["Host"],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "mh_session=" .. r.cookie,
    ["Origin"] = origin,
  }, body)
end

function response(status, headers, body)
  if status == 200 then
    return -- the page sent once out of readers (a comment is never answered 200)
  end
  pending = pending - 1
  if status == 303 or status == 201 then
    accepted = accepted + 1
  else
    rejected = rejected + 1
    by_status[status] = (by_status[status] or 0) + 1
    local parts = {}
    for s, n in pairs(by_status) do
      parts[#parts + 1] = "status_" .. s .. "=" .. n
    end
    status_text = table.concat(parts, " ")
  end
  if exhausted == 1 and pending == 0 and not stopping then
    stopping = true
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local a, r, x, u, st = 0, 0, 0, 0, {}
  local statuses = {}
  for _, t in ipairs(threads) do
    a = a + (t:get("accepted") or 0)
    r = r + (t:get("rejected") or 0)
    x = x + (t:get("exhausted") or 0)
    local used = t:get("used_max") or 0
    if used > u then
      u = used
    end
    for code, n in string.gmatch(t:get("status_text") or "", "status_(%d+)=(%d+)") do
      statuses[code] = (statuses[code] or 0) + tonumber(n)
    end
  end
  for code, n in pairs(statuses) do
    st[#st + 1] = "status_" .. code .. "=" .. n
  end
  table.sort(st)
  io.write(string.format("comments-lua: accepted=%d rejected=%d exhausted=%d used_max=%d seconds=%.3f %s\n",
    a, r, x, u, summary.duration / 1e6, table.concat(st, " ")))
end
