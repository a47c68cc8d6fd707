-- wrk script for bench/popularity.sh: each request is a read beacon from a new reader (a new
-- random mh_rid cookie), for one of the article ids given after "--", in turn.
local ids = {}
local counter = 0
local threads_started = 0
-- thread_number is a global set in each thread's own Lua state by setup() below.

function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end

function init(args)
  for id in string.gmatch(args[1] or "1", "[^,]+") do
    ids[#ids + 1] = id
  end
  math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
  counter = counter + 1
  local reader = string.format("%08x%08x%08x%08x", thread_number or 0, counter % 4294967296,
    math.random(0, 2147483647), math.random(0, 2147483647))
  local headers = {
    ["Content-Type"] = "text/plain;charset=UTF-8",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
    ["Cookie"] = "mh_rid=" .. reader,
  }
  return wrk.format("POST", "/api/views", headers, "article=" .. ids[(counter % #ids) + 1])
end
