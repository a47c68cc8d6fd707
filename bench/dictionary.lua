-- wrk script for bench/dictionary.sh: GET /api/dictionary for words taken at random from the
-- file named after "--" (one word per line). With "uncached" as the second argument, every
-- request also sends a sentence no request sent before (the word in a numbered sentence), so
-- no answer comes from the server's cache of rendered answers: each request is a full lookup
-- (phrase search in the sentence, morphy, index and data reads, JSON, gzip).
local words = {}
local uncached = false
local counter = 0
local threads_started = 0
-- thread_number is a global set in each thread's own Lua state by setup() below.

function setup(thread)
  threads_started = threads_started + 1
  thread:set("thread_number", threads_started)
end

local function encode(s)
  return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      words[#words + 1] = line
    end
  end
  uncached = args[2] == "uncached"
  math.randomseed(os.time() + (thread_number or 0) * 7919)
end

function request()
  counter = counter + 1
  local word = words[math.random(#words)]
  local path = "/api/dictionary?q=" .. encode(word)
  if uncached then
    path = path .. "&context=" .. encode(string.format("Reader %d of thread %d looked up %s here.",
      counter, thread_number or 0, word))
  end
  return wrk.format("GET", path)
end
