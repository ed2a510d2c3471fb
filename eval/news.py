"""News scoring by kind of question (issue 25): each case's score, and a table per kind.

Scores (1.0 best): a factoid, quote, why, comparison or follow-up contains a gold answer; a disputed
figure (``sides``) gives every side's value with its outlet; a current value contains the gold (the
newest) value, and is "stale only" when it gives a superseded value without it; a "when" answer
gives the absolute date (``date``: 9 Dec 2025, 9 December, 2025-12-09 …); a story answer scores the
share of its key facts it covers; an unanswerable case scores 1.0 when refused.
"""

from __future__ import annotations

import re
from datetime import date as Date

from eval import metrics
from eval.datasets import Case

KINDS = ("factoid", "current", "when", "story", "quote", "why", "comparison", "followup", "unanswerable")


def score(case: Case, answer) -> dict:
    """The news fields of one case's record: its kind, score and the flags the table counts."""
    text = "" if answer.abstained else metrics.strip_markers(answer.text)
    kind = case.kind or ("unanswerable" if not case.answerable else "factoid")
    out = {"kind": kind, "as_of": bool(re.search(r"\bas of\b", text, re.I))}
    if not case.answerable:
        return {**out, "score": float(answer.abstained)}
    found = bool(text) and metrics.contains(text, case.answers) if case.answers else False
    if case.sides:
        out["both_sides"] = both_sides(answer, case.sides)
        out["score"] = float(out["both_sides"])
    elif kind == "current":
        out["stale_only"] = bool(text) and not found and metrics.contains(text, case.superseded)
        out["score"] = float(found)
    elif kind == "when" and case.date:
        out["absolute_date"] = bool(text) and gives_date(text, Date.fromisoformat(case.date))
        out["score"] = float(out["absolute_date"])
    elif kind == "story" and case.key_facts:
        covered = [bool(text) and metrics.contains(text, alts) for alts in case.key_facts]
        out["key_facts"] = sum(covered) / len(covered)
        out["score"] = out["key_facts"]
    else:
        out["score"] = float(found)
    return out


def both_sides(answer, sides: list[dict]) -> bool:
    """Every side's value is in the answer, with its outlet named in the text or by a citation that
    quotes that value."""
    if answer.abstained:
        return False
    text = metrics.strip_markers(answer.text)

    def named(side: dict) -> bool:
        value, source = side["value"], side["source"]
        if not metrics.contains(text, [value]) and not metrics.contains(text, [value.split()[0]]):
            return False
        if metrics.contains(text, [source]):
            return True
        return any(
            source in (c.source, *c.also) and metrics.contains(c.quote, [value.split()[0]])
            for c in answer.citations
        )

    return all(named(s) for s in sides)


def gives_date(text: str, day: Date) -> bool:
    """Whether ``text`` names ``day`` absolutely: ISO, '9 Dec(ember) (2025)', 'Dec(ember) 9(, 2025)'."""
    month = day.strftime("%B")
    months = f"(?:{month}|{month[:3]}\\.?)"
    patterns = [day.isoformat(), rf"\b{day.day}(?:st|nd|rd|th)? {months}\b", rf"\b{months} {day.day}\b"]
    return any(re.search(p, text, re.I) for p in patterns)


def by_kind(records: list[dict]) -> dict[str, dict]:
    """Per kind: cases, mean score, false refusals, refusals of unanswerables, stale-only answers,
    both-sides answers, absolute dates, key facts covered, median words, latency p50/p95 (ms)."""
    out = {}
    for kind in [k for k in KINDS if any(r.get("kind") == k for r in records)] + ["all"]:
        rows = [r for r in records if r.get("kind") and (kind == "all" or r["kind"] == kind)]
        if not rows:
            continue
        words = [r["words"] for r in rows if r.get("words") is not None]
        lat = [r["latency_ms"] for r in rows]
        answerable = [r for r in rows if r["answerable"]]
        out[kind] = {
            "cases": len(rows),
            "score": _mean([r["score"] for r in rows]),
            "false_refusals": _mean([float(r["abstained"]) for r in answerable]),
            "refused_unanswerable": _mean([float(r["abstained"]) for r in rows if not r["answerable"]]),
            "stale_only": _mean([float(r["stale_only"]) for r in rows if "stale_only" in r]),
            "both_sides": _mean([float(r["both_sides"]) for r in rows if "both_sides" in r]),
            "absolute_date": _mean([float(r["absolute_date"]) for r in rows if "absolute_date" in r]),
            "key_facts": _mean([r["key_facts"] for r in rows if "key_facts" in r]),
            "as_of": _mean([float(r["as_of"]) for r in rows if r["kind"] == "story"]),
            "median_words": metrics.percentile(words, 50) if words else None,
            "p50_ms": round(metrics.percentile(lat, 50), 1),
            "p95_ms": round(metrics.percentile(lat, 95), 1),
        }
    return out


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def table(kinds: dict[str, dict]) -> str:
    """The per-kind numbers as a Markdown table ('—' where a number does not apply)."""
    cols = list(next(iter(kinds.values())).keys()) if kinds else []
    lines = ["| kind | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for kind, row in kinds.items():
        cells = ["—" if row[c] is None else f"{row[c]:g}" for c in cols]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
