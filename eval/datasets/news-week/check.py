"""Check news-week.jsonl against the articles in this folder: python eval/datasets/news-week/check.py"""

import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = [
    json.loads(line)
    for line in (HERE.parent / "news-week.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
problems = []


def bad(msg):
    problems.append(msg)


arts = {}  # name -> (header dict, body)
for f in sorted(HERE.glob("*.txt")):
    head, _, body = f.read_text(encoding="utf-8").partition("\n\n")
    h = dict(line.split(": ", 1) for line in head.splitlines())
    if list(h) != ["Title", "Source", "Date"]:
        bad(f"{f.name}: header {list(h)}")
    n = len(body.split())
    if not 150 <= n <= 450:
        bad(f"{f.name}: {n} words")
    arts[f"news-week/{f.name}"] = (h, f.read_text(encoding="utf-8"))
story_files = defaultdict(list)  # an article belongs to the story its file name starts with
for name in arts:
    story_files[
        max((c["story"] for c in CASES if name.split("/")[1].startswith(c["story"])), key=len, default="")
    ].append(name)
if (
    len(arts) < 24
    or len({h["Source"] for h, _ in arts.values()}) < 4
    or len({h["Date"] for h, _ in arts.values()}) < 6
):
    bad("corpus too small: articles, outlets or days")

DAYS = {
    d: i for i, d in enumerate(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
}
halves, kinds, sides = defaultdict(set), Counter(), 0
for c in CASES:
    cid, art = c["id"], c["article"]
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
    if not c["answerable"]:
        if c["answers"] or c["support"]:
            bad(f"{cid}: unanswerable with answers/support")
        continue
    if c["support"] not in text:
        bad(f"{cid}: support not in {art}")
    if not c["answers"] and c["kind"] != "story":
        bad(f"{cid}: no answers")
    for a in c["answers"]:
        if a not in c["support"] and a not in text and not c.get("sides"):
            bad(f"{cid}: answer {a!r} not in support or article")
    for s in c.get("sides", []):
        sides += 1 / len(c["sides"])
        if not any(
            s["value"] in arts[a][1] and arts[a][0]["Source"] == s["source"] for a in story_files[c["story"]]
        ):
            bad(f"{cid}: side {s} not found")
    for fact in c.get("key_facts", []):
        if not any(alt in story_text for alt in fact):
            bad(f"{cid}: key fact {fact} in no article of {c['story']}")
    if (c["kind"] == "story") != ("key_facts" in c) or (c["kind"] == "current") != ("superseded" in c):
        bad(f"{cid}: key_facts/superseded do not match kind")
    if (c["kind"] == "followup") != bool(c.get("turns")):
        bad(f"{cid}: turns do not match kind")
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
need = dict(factoid=10, current=8, when=8, story=8, quote=6, why=4, comparison=2, unanswerable=10, followup=8)
for k, n in need.items():
    if kinds[k] < n:
        bad(f"only {kinds[k]} {k}")
if len(CASES) < 70 or sides < 4:
    bad(f"{len(CASES)} cases, {sides} disagreement cases")
per_half = Counter(c["half"] for c in CASES)
print(
    f"{len(CASES)} cases, {len(arts)} articles; kinds {dict(kinds)}; halves {dict(per_half)};",
    f"disagreement {sides:.0f}",
)
print("\n".join(problems) or "ok")
sys.exit(1 if problems else 0)
