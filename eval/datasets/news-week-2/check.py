"""Check news-week-2.jsonl against the articles in this folder: python eval/datasets/news-week-2/check.py"""

import datetime as dt
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = HERE.name  # "news-week-2"
CASES = [
    json.loads(line)
    for line in (HERE.parent / f"{NAME}.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
problems = []


def bad(msg):
    problems.append(msg)


FIELDS = {"id", "question", "answers", "support", "answerable", "article", "half", "kind", "story"}
EXTRA = {
    "current": {"superseded"},
    "when": {"date"},
    "story": {"key_facts"},
    "followup": {"turns"},
}

arts = {}  # name -> (header dict, whole text)
for f in sorted(HERE.glob("*.txt")):
    text = f.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    try:
        h = dict(line.split(": ", 1) for line in head.splitlines())
    except ValueError:
        h = {}
    if list(h) != ["Title", "Source", "Date"]:
        bad(f"{f.name}: header {list(h)}")
        continue
    try:
        d = dt.date.fromisoformat(h["Date"])
        if not dt.date(2026, 3, 9) <= d <= dt.date(2026, 3, 15):
            bad(f"{f.name}: date {d} outside 9-15 March 2026")
    except ValueError:
        bad(f"{f.name}: bad date {h['Date']!r}")
    n = len(body.split())
    if not 150 <= n <= 450:
        bad(f"{f.name}: {n} words")
    arts[f"{NAME}/{f.name}"] = (h, text)
story_files = defaultdict(list)  # an article belongs to the story its file name starts with
for name in arts:
    story_files[
        max((c["story"] for c in CASES if name.split("/")[1].startswith(c["story"])), key=len, default="")
    ].append(name)
if (
    not 14 <= len(arts) <= 18
    or len({h["Source"] for h, _ in arts.values()}) < 4
    or len({h["Date"] for h, _ in arts.values()}) < 5
):
    bad("corpus size: need 14-18 articles, 4+ outlets, 5+ days")
developing = [s for s, fs in story_files.items() if len(fs) >= 3]
if len(developing) < 3:
    bad(f"only {len(developing)} stories with 3+ articles")
if not any(re.search(r"^[A-Z]+, March \d+ \([^)]+\) - ", t, re.M) for _, t in arts.values()):
    bad("no agency dateline")

DAYS = {
    d: i for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
}
ids = Counter(c.get("id") for c in CASES)
for i, n in ids.items():
    if n > 1:
        bad(f"duplicate id {i}")
    if not re.fullmatch(r"nw2-\d{3}", str(i)):
        bad(f"bad id {i!r}")
halves, kinds, sides = defaultdict(set), Counter(), 0
for c in CASES:
    cid, art = c["id"], c["article"]
    allowed = FIELDS | EXTRA.get(c["kind"], set()) | ({"sides"} if c.get("sides") else set())
    if not set(c) >= FIELDS or not set(c) <= allowed:
        bad(f"{cid}: fields {sorted(set(c) ^ FIELDS)}")
    if c["half"] not in ("tune", "check"):
        bad(f"{cid}: half {c['half']!r}")
    if art not in arts:
        bad(f"{cid}: no article {art}")
        continue
    text = arts[art][1]
    story_text = "\n".join(arts[a][1] for a in story_files[c["story"]])
    halves[c["story"]].add(c["half"])
    kinds[c["kind"]] += 1
    if art not in story_files[c["story"]]:
        bad(f"{cid}: article {art} is not in story {c['story']}")
    if c["answerable"] != (c["kind"] != "unanswerable"):
        bad(f"{cid}: answerable does not match kind")
    if c["kind"] == "followup" and not re.search(
        r"\b(it|its|they|them|their|he|his|him|she|her|there)\b", c["question"], re.I
    ):
        bad(f"{cid}: followup question has no pronoun")
    if (c["kind"] == "followup") != bool(c.get("turns")):
        bad(f"{cid}: turns do not match kind")
    if not c["answerable"]:
        if c["answers"] or c["support"]:
            bad(f"{cid}: unanswerable with answers/support")
        continue
    if c["support"] not in text:
        bad(f"{cid}: support not in {art}")
    if not c["answers"] and c["kind"] != "story":
        bad(f"{cid}: no answers")
    if c["kind"] == "story" and (c["answers"] or not c["support"]):
        bad(f"{cid}: a story case has no answers and its newest article's lead as support")
    for a in c["answers"]:
        if a not in c["support"] and a not in text and not c.get("sides"):
            bad(f"{cid}: answer {a!r} not in support or article")
    if c.get("sides") and not any(a in c["support"] for a in c["answers"]):
        bad(f"{cid}: no answer in support")
    for s in c.get("sides", []):
        sides += 1 / len(c["sides"])
        if not any(
            s["value"] in arts[a][1] and arts[a][0]["Source"] == s["source"] for a in story_files[c["story"]]
        ):
            bad(f"{cid}: side {s} not found")
    for s in c.get("superseded", []):
        if s not in story_text:
            bad(f"{cid}: superseded {s!r} in no article of {c['story']}")
    for fact in c.get("key_facts", []):
        if not any(alt in story_text for alt in fact):
            bad(f"{cid}: key fact {fact} in no article of {c['story']}")
    if c["kind"] == "story" and not 3 <= len(c.get("key_facts", [])) <= 5:
        bad(f"{cid}: {len(c.get('key_facts', []))} key facts")
    if (c["kind"] == "story") != ("key_facts" in c) or (c["kind"] == "current") != ("superseded" in c):
        bad(f"{cid}: key_facts/superseded do not match kind")
    if c["kind"] == "when":
        d, pub = dt.date.fromisoformat(c["date"]), dt.date.fromisoformat(arts[art][0]["Date"])
        words = " ".join(c["answers"])
        day = next((w for w in DAYS if w in words), None)
        if "yesterday" in words or "last night" in words:
            ok = d == pub - dt.timedelta(days=1)
        elif day:
            ok = d.weekday() == DAYS[day] and abs((d - pub).days) <= 6
        else:
            ok = False
        if not ok:
            bad(f"{cid}: date {d} does not fit {words!r} on {pub}")
for story, hs in halves.items():
    if len(hs) != 1:
        bad(f"story {story} in halves {hs}")
unused = set(arts) - {c["article"] for c in CASES}
if unused:
    bad(f"articles no case names (the loader would not ingest them): {sorted(unused)}")
need = dict(factoid=12, current=6, when=8, story=6, quote=6, why=4, comparison=3, unanswerable=8, followup=7)
for k, n in need.items():
    if kinds[k] < n:
        bad(f"only {kinds[k]} {k}")
if set(kinds) - set(need):
    bad(f"unknown kinds {set(kinds) - set(need)}")
if not 55 <= len(CASES) <= 70 or sides < 2:
    bad(f"{len(CASES)} cases, {sides:.0f} disagreement cases")
per_half = Counter(c["half"] for c in CASES)
if min(per_half.values(), default=0) < len(CASES) / 3:
    bad(f"halves unbalanced {dict(per_half)}")
print(
    f"{len(CASES)} cases, {len(arts)} articles; kinds {dict(kinds)}; halves {dict(per_half)};",
    f"disagreement {sides:.0f}",
)
print("\n".join(problems) or "ok")
sys.exit(1 if problems else 0)
