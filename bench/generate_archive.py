#!/usr/bin/env python3
"""Writes a synthetic newspaper archive for bench/archive.sh: COUNT Markdown articles with
YAML front matter (docs/importing.md), deterministic for a given --count and --seed.

    python3 bench/generate_archive.py --count 100000 --out bench/results/archive-100000/articles

- Files go 1,000 to a folder: OUT/0000/0000000.md ... OUT/0999/0999999.md.
- Six sections, one nested: National, Business, Culture, Sports, Opinion/Editorials and
  Opinion/Columns (about 30/22/17/15/8/8 percent; National holds >= 40,000 stories from
  about 140,000 articles, so its front has 2,000 pages of 20 at 1,000,000).
- Kinds: news for the first four, editorial and column for the opinion sections.
- Published times spread evenly (with jitter) over --years years up to 2026-11-30, written
  with the +09:00 offset; article i is never older than article i-1's slot.
- Unique slugs (the headline's words and the article's number), 0-4 tags, a byline (none on
  editorials), and a body of about 4 KB: paragraphs of sentences made from this file's own
  vocabulary and templates. The text is invented here; nothing is copied from anywhere.

Only the Python standard library. Sentences are drawn from pools built once per run (so the
per-article work is a few random picks and one write); --jobs processes write folders in
parallel, each folder from its own seeded generator, so the output does not depend on
--jobs. A stamp file OUT/.complete is written last, holding the parameters.
"""

import argparse
import datetime
import hashlib
import math
import multiprocessing
import os
import random
import re
import sys
import time

PER_FOLDER = 1000
END = datetime.datetime(2026, 11, 30, 23, 0, 0, tzinfo=datetime.timezone.utc) - datetime.timedelta(hours=9)
KST = datetime.timezone(datetime.timedelta(hours=9))

# (section, share, kind)
SECTIONS = [
    ("National", 0.30, "news"),
    ("Business", 0.22, "news"),
    ("Culture", 0.17, "news"),
    ("Sports", 0.15, "news"),
    ("Opinion/Editorials", 0.08, "editorial"),
    ("Opinion/Columns", 0.08, "column"),
]

PLACES = [
    "Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Ulsan", "Suwon", "Jeju",
    "Gangneung", "Chuncheon", "Jeonju", "Pohang", "Changwon", "Sejong", "Cheongju", "Mokpo",
    "Yeosu", "Andong", "Gyeongju", "Wonju", "Goyang", "Seongnam", "Paju", "Gimhae", "Suncheon",
]
FAMILY = [
    "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
    "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong", "Jeon", "Moon", "Bae", "Baek",
]
SYLLABLES = [
    "Min", "Seo", "Ji", "Hyun", "Woo", "Jun", "Yeon", "Soo", "Eun", "Ha", "Young", "Jin",
    "Hee", "Sung", "Kyung", "Na", "Da", "Bin", "Ho", "Won", "Yun", "Hye", "Joon", "Chan",
    "Rin", "Gyu", "Tae", "Mi", "Sol", "Ah",
]
ROLES = [
    "a senior researcher", "a spokesperson", "the head of the planning office", "a professor of economics",
    "a union representative", "a district official", "a shop owner", "a parent of two", "a retired teacher",
    "the director of the program", "a city council member", "an analyst", "a nurse", "a bus driver",
    "a graduate student", "a market trader", "a software engineer", "a farmer", "the coach",
]
WEEKDAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
            "last week", "earlier this month", "this week", "late last month"]
FUTURE = ["by the end of the year", "next spring", "within two years", "before the summer", "next month",
          "from January", "by 2030", "over the next decade", "in the second half", "after the holidays"]
ADJECTIVES = ["modest", "overdue", "sensible", "costly", "fragile", "welcome", "uneven", "ambitious",
              "cautious", "unusual", "practical", "risky", "narrow", "significant", "temporary", "lasting"]
BASE_VERBS = ["cut", "raise", "review", "expand", "delay", "simplify", "extend", "tighten", "ease",
              "study", "phase out", "subsidize", "rebuild", "reform", "cap", "double", "restore", "measure"]
PAST_TO = ["announced plans to", "agreed to", "voted to", "moved to", "pledged to", "declined to",
           "was asked to", "is expected to", "promised to", "hopes to", "has been told to"]
GROUPS = ["residents", "parents", "small business owners", "young workers", "commuters", "older people",
          "students", "farmers", "tenants", "drivers", "nurses", "delivery riders", "fans", "investors",
          "exporters", "teachers", "visitors", "night-shift workers"]
UNITS = ["people", "households", "companies", "students", "passengers", "workers", "visitors", "schools"]
PERIODS = ["months", "years", "quarters", "weeks"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

ORGS = {
    "National": ["the city council", "the education ministry", "the health ministry", "the coast guard",
                 "the fire agency", "the weather agency", "the transport ministry", "the district office",
                 "the police", "the labor ministry", "the provincial government", "the housing agency"],
    "Business": ["the central bank", "the financial regulator", "chipmakers", "shipbuilders", "carmakers",
                 "the stock exchange", "retailers", "battery makers", "the trade ministry", "the steel industry",
                 "local lenders", "the tax office"],
    "Culture": ["the national museum", "the film council", "publishers", "streaming services",
                "the arts council", "a theater company", "the city orchestra", "gallery owners",
                "the heritage agency", "the book fair", "music labels", "the public broadcaster"],
    "Sports": ["the national team", "the league", "the football association", "the baseball organization",
               "marathon organizers", "the volleyball federation", "the club", "the Olympic committee",
               "the referees' body", "the youth academy"],
    "Opinion": ["the government", "lawmakers", "the ruling party", "the opposition", "the presidential office",
                "local governments", "regulators", "the courts", "the finance ministry", "the National Assembly"],
}
TOPICS = {
    "National": ["bus fares", "housing prices", "night buses", "school lunches", "heating costs", "fine dust",
                 "rail links", "childcare places", "hospital wait times", "the rainy season", "flood barriers",
                 "rural clinics", "bike lanes", "recycling rules", "the school calendar", "emergency rooms",
                 "subway accessibility", "public rental homes", "wildfire patrols", "water quality"],
    "Business": ["exports", "interest rates", "chip orders", "the won", "consumer prices", "start-up funding",
                 "shipping rates", "battery output", "household debt", "factory output", "retail sales",
                 "bond yields", "crop insurance", "online shopping", "office rents", "fuel prices",
                 "dividends", "payroll taxes", "container traffic", "foreign investment"],
    "Culture": ["ticket sales", "a new drama", "the film festival", "a traditional market", "museum hours",
                "translated novels", "street murals", "the music charts", "a folk song revival",
                "temple stays", "a jazz series", "library budgets", "webtoon sales", "a dance premiere",
                "craft workshops", "a photography prize", "palace tours", "subtitle work"],
    "Sports": ["the season opener", "the transfer window", "training camp", "the relay team",
               "ticket prices", "a new stadium", "youth leagues", "the playoff race", "injury rules",
               "the marathon route", "video review", "the golf tour", "the archery squad",
               "the table tennis final", "the cycling season", "the ski jump"],
    "Opinion": ["pension reform", "the minimum wage", "the birth rate", "tuition fees", "medical training",
                "energy policy", "the defense budget", "press freedom", "rural schools", "the housing supply",
                "data privacy", "the election law", "carbon targets", "public transport", "the tax code",
                "regional hospitals", "the working week", "care for the elderly"],
}
TAGS = {
    "National": ["transport", "housing", "education", "health", "weather", "environment", "labor", "safety",
                 "welfare", "local government"],
    "Business": ["economy", "trade", "semiconductors", "finance", "markets", "energy", "startups", "jobs",
                 "shipping", "prices"],
    "Culture": ["film", "television", "music", "books", "art", "heritage", "theater", "food", "travel",
                "K-pop"],
    "Sports": ["football", "baseball", "volleyball", "basketball", "golf", "marathon", "archery", "Olympics",
               "esports", "cycling"],
    "Opinion": ["politics", "policy", "pensions", "education", "health care", "diplomacy", "North Korea",
                "climate", "law", "economy"],
}
TEAMS = ["Seoul Hawks", "Busan Harbor", "Incheon Tides", "Daegu Lions Club", "Gwangju Owls", "Ulsan Whales",
         "Daejeon Comets", "Suwon Bluewings FC", "Jeju Orange", "Pohang Steelers Club", "Changwon Dinos Club",
         "Jeonju Greens", "Gangwon Pines", "Sejong Foxes"]
THINGS = ["plan", "proposal", "change", "decision", "budget", "rule", "program", "pilot", "deal", "report"]
EFFECTS = ["drew mixed reactions", "surprised many observers", "was welcomed by most", "will be reviewed next year",
           "could cost more than expected", "ends years of debate", "has divided opinion", "came sooner than planned"]


def korean_name(rng):
    first, second = rng.sample(SYLLABLES, 2)
    given = first + "-" + second.lower()
    return rng.choice(FAMILY) + " " + given


def num(rng):
    return f"{rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1, 60) * 1000]):,}"


def pct(rng):
    return f"{rng.randint(1, 40)}.{rng.randint(0, 9)}"


def cap(s):
    return s[:1].upper() + s[1:]


def a_an(word):
    return ("an " if word[0] in "aeiou" else "a ") + word


def singular(org):
    return org.startswith(("the ", "a ")) and not org.endswith("s")


def verb_s(org):
    return "s" if singular(org) else ""


def it(org):
    return "it" if singular(org) else "they"


def has(org):
    return "has" if singular(org) else "have"


def news_sentence(rng, key):
    orgs, topics = ORGS[key], TOPICS[key]
    o, o2 = rng.sample(orgs, 2)
    t, t2 = rng.sample(topics, 2)
    p, p2 = rng.sample(PLACES, 2)
    g = rng.choice(GROUPS)
    k = rng.randrange(16)
    if k == 0:
        return f"{cap(o)} said {rng.choice(WEEKDAYS)} that {it(o)} would {rng.choice(BASE_VERBS)} {t} in {p}."
    if k == 1:
        return f"{cap(o)} {rng.choice(PAST_TO)} {rng.choice(BASE_VERBS)} {t}, a move that {rng.choice(EFFECTS)}."
    if k == 2:
        return f"The change will affect about {num(rng)} {rng.choice(UNITS)} across {p} and {p2}."
    if k == 3:
        return (f"\"We have heard from {g} about this for a long time,\" said {korean_name(rng)}, "
                f"{rng.choice(ROLES)} in {p}. \"The {rng.choice(THINGS)} is {rng.choice(ADJECTIVES)}, "
                f"but it is a start.\"")
    if k == 4:
        return (f"Officials expect the figure to {rng.choice(['rise', 'fall', 'recover', 'slip'])} "
                f"by {pct(rng)} percent over the next {rng.randint(2, 9)} {rng.choice(PERIODS)}.")
    if k == 5:
        return f"Critics argue that {t} should come before {t2}, and that {o2} {has(o2)} not said how {it(o2)} will pay."
    if k == 6:
        return f"The {rng.choice(THINGS)} follows {rng.randint(2, 18)} months of talks between {o} and {g}."
    if k == 7:
        return (f"According to figures released {rng.choice(WEEKDAYS)}, spending on {t} rose "
                f"{pct(rng)} percent from a year earlier, the fastest pace since {rng.randint(1998, 2024)}.")
    if k == 8:
        return (f"{korean_name(rng)}, who has followed {t} for {rng.randint(3, 30)} years, called the "
                f"{rng.choice(THINGS)} {rng.choice(ADJECTIVES)} and said the details would matter more than the headline.")
    if k == 9:
        return f"In {p}, {g} said they had noticed the difference in {t} well before the numbers did."
    if k == 10:
        return f"A pilot in {p} ran for {rng.randint(3, 24)} months and reached {num(rng)} {rng.choice(UNITS)}."
    if k == 11:
        return f"The cost is put at {rng.randint(2, 900)} billion won, to be shared by {o} and {o2}."
    if k == 12:
        return f"Not everyone is convinced, and {g} in {p2} have asked for a public hearing {rng.choice(FUTURE)}."
    if k == 13:
        return f"The first results are due {rng.choice(FUTURE)}, when {o} will decide whether to {rng.choice(BASE_VERBS)} the scheme."
    if k == 14:
        return f"Similar steps were tried in {p2} in {rng.randint(2005, 2025)}, with {rng.choice(ADJECTIVES)} results."
    return f"For now, {g} are being told to expect {rng.choice(ADJECTIVES)} changes to {t} {rng.choice(FUTURE)}."


def sports_sentence(rng):
    a, b = rng.sample(TEAMS, 2)
    n = korean_name(rng)
    k = rng.randrange(8)
    if k == 0:
        return f"{a} beat {b} {rng.randint(1, 6)}-{rng.randint(0, 3)} in {rng.choice(PLACES)} {rng.choice(WEEKDAYS)}."
    if k == 1:
        return f"{n} scored twice in the second half, the second from a free kick that curled in off the post."
    if k == 2:
        return f"A crowd of {num(rng)} watched in the rain, the largest at the ground this season."
    if k == 3:
        return (f"\"We were patient and it paid off,\" {n} said after the game. "
                f"\"The young players showed they belong at this level.\"")
    if k == 4:
        return f"{a} have now won {rng.randint(2, 9)} of their last {rng.randint(10, 12)} matches and sit {rng.choice(['first', 'second', 'third', 'fourth'])} in the table."
    if k == 5:
        return f"The coach made {rng.randint(1, 4)} changes at half-time, moving {n} into midfield."
    if k == 6:
        return f"{b} travel to {rng.choice(PLACES)} next, where they have not won since {rng.randint(2008, 2024)}."
    return f"{n}, who turned professional at {rng.randint(16, 21)}, is expected to join the national squad {rng.choice(FUTURE)}."


def opinion_sentence(rng, kind):
    o = rng.choice(ORGS["Opinion"])
    t, t2 = rng.sample(TOPICS["Opinion"], 2)
    g = rng.choice(GROUPS)
    k = rng.randrange(10)
    if k == 0:
        return f"It is time for {o} to stop treating {t} as a problem for the next government."
    if k == 1:
        return f"The numbers are not in dispute: {t} has been getting worse for {rng.randint(3, 20)} years."
    if k == 2:
        return f"What is missing is a plan that {g} can understand and trust."
    if k == 3:
        return f"{cap(a_an(rng.choice(ADJECTIVES)))} step would be to {rng.choice(BASE_VERBS)} {t} before touching {t2}."
    if k == 4:
        return f"{cap(o)} like{verb_s(o)} to say that reform takes time, but time is exactly what {g} do not have."
    if k == 5:
        return f"Other countries have faced the same choice, and the ones that acted early paid less."
    if k == 6:
        if kind == "column":
            return f"When I visited {rng.choice(PLACES)} last {rng.choice(MONTHS)}, I asked {g} what they wanted, and the answer was simple."
        return f"This newspaper has argued for years that {t} deserves a cross-party agreement."
    if k == 7:
        return f"None of this is easy, and nobody should pretend that {t2} will fix itself."
    if k == 8:
        return f"The lesson is {rng.choice(ADJECTIVES)}: promises about {t} are cheap, and delays are not."
    return f"If {o} want{verb_s(o)} to be taken seriously, {it(o)} should publish the costs {rng.choice(FUTURE)}."


def headline(rng, section, kind):
    key = section.split("/")[0]
    if section == "Sports":
        a, b = rng.sample(TEAMS, 2)
        k = rng.randrange(3)
        if k == 0:
            return f"{a} beat {b} {rng.randint(1, 6)}-{rng.randint(0, 3)} in {rng.choice(PLACES)}"
        if k == 1:
            return f"{cap(rng.choice(TOPICS['Sports']))} puts pressure on {a}"
        return f"{korean_name(rng)} leads {a} past {b}"
    if key == "Opinion":
        t = rng.choice(TOPICS["Opinion"])
        k = rng.randrange(4)
        if k == 0:
            return f"{cap(rng.choice(BASE_VERBS))} {t} before it is too late"
        if k == 1:
            return f"Why {t} matters to {rng.choice(GROUPS)}"
        if k == 2:
            return f"The real cost of {t}"
        return f"{cap(rng.choice(ORGS['Opinion']))} owes {rng.choice(GROUPS)} an answer on {t}"
    t = rng.choice(TOPICS[key])
    k = rng.randrange(5)
    if k == 0:
        return f"{rng.choice(PLACES)} to {rng.choice(BASE_VERBS)} {t}"
    if k == 1:
        return f"{cap(rng.choice(ORGS[key]))} {rng.choice(PAST_TO)} {rng.choice(BASE_VERBS)} {t}"
    if k == 2:
        return f"{cap(t)} {rng.choice(['up', 'down'])} {pct(rng)} percent in {rng.choice(MONTHS)}"
    if k == 3:
        return f"{cap(rng.choice(GROUPS))} in {rng.choice(PLACES)} weigh {a_an(rng.choice(ADJECTIVES))} {rng.choice(THINGS)} on {t}"
    return f"{cap(a_an(rng.choice(ADJECTIVES)))} {rng.choice(THINGS)} for {t} in {rng.choice(PLACES)}"


SLUG_RE = re.compile(r"[^a-z0-9]+")


def slug_of(headline_text, number):
    words = SLUG_RE.sub("-", headline_text.lower()).strip("-")
    return f"{words[:80].strip('-')}-{number}"


def build_pools(seed, size):
    """Sentences per section, built once from the run's seed."""
    rng = random.Random(f"pools:{seed}")
    pools = {}
    for section, _share, kind in SECTIONS:
        key = section.split("/")[0]
        if section == "Sports":
            sentences = [sports_sentence(rng) if rng.random() < 0.6 else news_sentence(rng, "Sports")
                         for _ in range(size)]
        elif key == "Opinion":
            sentences = [opinion_sentence(rng, kind) if rng.random() < 0.7 else news_sentence(rng, "Opinion")
                         for _ in range(size)]
        else:
            sentences = [news_sentence(rng, key) for _ in range(size)]
        pools[section] = sentences
    return pools


# Set in the parent before the workers fork.
STATE = {}
STRIDES = []


def init_state(seed, count, years, pool_size, body_bytes, out):
    STATE.update(
        seed=seed, count=count, out=out, body_bytes=body_bytes,
        pools=build_pools(seed, pool_size),
        start=END.timestamp() - years * 365.2425 * 86400,
        span=years * 365.2425 * 86400,
    )
    cum, acc = [], 0.0
    for _section, share, _kind in SECTIONS:
        acc += share
        cum.append(acc)
    STATE["cum"] = cum
    STRIDES[:] = [k for k in range(7, 997) if math.gcd(k, pool_size) == 1]


def write_folder(folder):
    seed, count, out = STATE["seed"], STATE["count"], STATE["out"]
    pools, cum = STATE["pools"], STATE["cum"]
    start, span, target = STATE["start"], STATE["span"], STATE["body_bytes"]
    rng = random.Random(f"folder:{seed}:{folder}")
    directory = os.path.join(out, f"{folder:04d}")
    os.makedirs(directory, exist_ok=True)
    first = folder * PER_FOLDER
    last = min(count, first + PER_FOLDER)
    written = 0
    for i in range(first, last):
        r = rng.random()
        s = 0
        while s < len(cum) - 1 and r >= cum[s]:
            s += 1
        section, _share, kind = SECTIONS[s]
        key = section.split("/")[0]
        title = headline(rng, section, kind)
        when = datetime.datetime.fromtimestamp(start + (i + rng.random()) * span / count, KST)
        lines = [
            "---",
            f"headline: {title}",
            f"section: {section}",
            f"published: {when.strftime('%Y-%m-%dT%H:%M:%S')}+09:00",
            f"kind: {kind}",
        ]
        if kind != "editorial":
            lines.append(f"byline: {korean_name(rng)}")
        lines.append(f"slug: {slug_of(title, i + 1)}")
        ntags = rng.randrange(5)
        if ntags:
            tags = rng.sample(TAGS[key], min(ntags, 3)) + ([rng.choice(PLACES)] if ntags > 3 else [])
            lines.append(f"tags: [{', '.join(dict.fromkeys(tags))}]")
        lines.append("---")
        # The body: paragraphs of 2-5 sentences until about target bytes (+-12%).
        want = int(target * (0.88 + 0.24 * rng.random()))
        # Sentences at a random start and stride through the section's pool (a stride
        # coprime with the pool's size, so no sentence repeats within an article).
        pool = pools[section]
        size_of_pool = len(pool)
        at = rng.randrange(size_of_pool)
        step = STRIDES[rng.randrange(len(STRIDES))]
        paragraphs, size = [], 0
        while size < want:
            n = 2 + int(rng.random() * 4)
            sentences = []
            for _ in range(n):
                sentences.append(pool[at])
                at = (at + step) % size_of_pool
            para = " ".join(sentences)
            paragraphs.append(para)
            size += len(para) + 2
        text = "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"
        with open(os.path.join(directory, f"{i:07d}.md"), "w", encoding="utf-8") as f:
            f.write(text)
        written += len(text)
    return last - first, written


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, required=True, help="articles to write")
    ap.add_argument("--out", required=True, help="folder to write into (created; files overwritten)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--years", type=float, default=20, help="years of publication up to 2026-11-30 (default 20)")
    ap.add_argument("--body-bytes", type=int, default=4000, help="average body size (default 4000)")
    ap.add_argument("--pool", type=int, default=6000, help="sentences per section pool (default 6000)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    args = ap.parse_args()
    if args.count < 1 or args.years <= 0 or args.body_bytes < 200 or args.pool < 100 or args.jobs < 1:
        ap.error("--count >= 1, --years > 0, --body-bytes >= 200, --pool >= 100, --jobs >= 1")

    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    stamp = os.path.join(out, ".complete")
    if os.path.exists(stamp):
        os.remove(stamp)
    began = time.monotonic()
    init_state(args.seed, args.count, args.years, args.pool, args.body_bytes, out)
    folders = range((args.count + PER_FOLDER - 1) // PER_FOLDER)
    files = total = 0
    if args.jobs == 1 or len(folders) == 1:
        for f in folders:
            n, b = write_folder(f)
            files, total = files + n, total + b
    else:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(args.jobs) as pool:
            for n, b in pool.imap_unordered(write_folder, folders, chunksize=4):
                files, total = files + n, total + b
    took = time.monotonic() - began
    with open(__file__, "rb") as f:
        version = hashlib.sha256(f.read()).hexdigest()[:16]
    with open(stamp, "w", encoding="utf-8") as f:
        f.write(f"count={args.count} seed={args.seed} years={args.years} body_bytes={args.body_bytes} "
                f"pool={args.pool} generator={version}\n")
    print(f"generate_archive: {files} articles, {total / 1e6:.1f} MB, in {took:.1f} s "
          f"({files / took:,.0f} files/s) into {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
