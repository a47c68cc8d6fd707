-- wrk script for bench/comments.sh: GET requests for paths taken at random from the file named
-- after "--" (one path per line, e.g. /culture/story/comments?page=417 or
-- /api/comments?article=4&page=3). With a second file (lines "mh_session cookie <TAB> ..."
-- as bench/comments_readers.mjs writes them), every request also carries a signed-in reader's
-- session cookie, a reader taken at random: the personalised pages, rendered per request.
-- Counts non-2xx answers like wrk does ("Non-2xx or 3xx responses"); the script adds nothing.
local paths = {}
local cookies = {}
local threads_started = 0
-- thread_number is a global set in each thread's own Lua state by setup() below.

function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
  if args[2] and args[2] ~= "" then
    for line in io.lines(args[2]) do
      local cookie = string.match(line, "^([^\t]+)")
      if cookie then
        cookies[#cookies + 1] = cookie
      end
    end
  end
  math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
  local path = paths[math.random(#paths)]
  if #cookies > 0 then
    -- wrk.format() sends the table given instead of wrk's own headers (-H ...): copy them.
    local headers = {}
    for k, v in pairs(wrk.headers) do
      headers[k] = v
    end
    headers["Cookie"] = "mh_session=" .. cookies[math.random(#cookies)]
    return wrk.format("GET", path, headers)
  end
  return wrk.format("GET", path)
end
