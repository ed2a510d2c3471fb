"""Story answers (issue 25): "What's the latest on X", "Summarise ...", "What happened on Tuesday?" get a
dated briefing: 3-6 cited sentences from the story's most relevant passages, chosen by maximal
marginal relevance over the sentence embeddings (relevant to the topic, unlike those already chosen),
so two outlets' copies of one sentence count once; newest article first (in time order for "what
happened on <day>"), prefixed "As of <the newest article's date>:". Each sentence is verified as any
answer's is."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from rag.answer.finalize import cite, finalize
from rag.core.types import Answer, Hit
from rag.text import dates
from rag.text.sentences import CONTINUES, POINTING, split_sentences

MIN_SENTENCES, MAX_SENTENCES = 3, 5  # a briefing passes MAX_WORDS only to reach MIN_SENTENCES
MAX_WORDS = 120
MIN_RELEVANCE = 0.25  # cosine to the topic below which a sentence is not about the story
DIVERSITY = 0.3  # MMR: weight of unlikeness to the sentences already chosen
SAME = 0.9  # cosine from which two sentences say the same thing (a wire copy, an overlap)
RECENCY = 0.1  # added to the newest article's sentences' relevance, less to older ones (none: oldest)
TITLED = 0.3  # weight of the article title's likeness to the topic (tuning half: key facts +0.04)
LEAD = 0.7  # share of the best relevance with which the newest article's best sentence leads "the latest"
QUOTE_LED = 0.15  # a sentence that opens with a quotation needs its context: taken only if much better
_QUOTES = "\"“‘'"
_DAY = re.compile(r"\b(" + "|".join(dates.WEEKDAYS) + r")\b", re.I)
# "... up to Wednesday": the story as it stood then, from the articles of that day and before
_UNTIL = re.compile(
    r"\b(?:up to|up until|until|till|through|as of|by)\s+(?:last\s+)?(" + "|".join(dates.WEEKDAYS) + r")\b",
    re.I,
)


def briefing(question: str, topic: str, hits: list[Hit], similarity) -> Answer | None:
    """The briefing for a story question, or None when no sentence is about ``topic``."""
    days = [dates.day_of(h.date) for h in hits]  # each hit's article date (None: unknown)
    until = _UNTIL.search(question)
    if until:  # only articles dated up to that weekday (the latest one on or before the newest article)
        hits, days = _until(hits, days, until.group(1).lower())
        question, topic = _UNTIL.sub(" ", question), _UNTIL.sub(" ", topic)
    day = _DAY.search(question)  # "what happened on Tuesday": that day's news, in the order it happened
    ordinal = [(d or date.min).toordinal() for d in days]
    pool = _sentences(hits, day, days)
    topic = " ".join(_DAY.sub(" ", topic).replace(" on ", " ").split()).strip()  # "on Tuesday": no topic
    if not pool:
        return None
    texts = [s for _, _, s in pool]
    vectors = np.array(similarity.vectors(texts))
    if topic:
        near = similarity(topic)
        titles = [hits[i].title for i, _, _ in pool]  # an aside in another story's article is no development
        relevance = (1 - TITLED) * np.array(near(texts)) + TITLED * np.array(near(titles))
    else:  # "Summarise the article": what the passages say most, the sentences nearest their centroid
        centre = vectors.mean(axis=0)
        relevance = vectors @ (centre / (np.linalg.norm(centre) or 1.0))
    relevance = relevance - QUOTE_LED * np.array([s[:1] in _QUOTES for s in texts])
    if not day:  # "the latest": newer articles first among the equally relevant
        ordinals = np.array([ordinal[i] for i, _, _ in pool], float)
        span = ordinals.max() - ordinals.min()
        relevance = relevance + RECENCY * ((ordinals - ordinals.min()) / span if span else 0.0)
    picked: list[int] = _newest_lead(pool, relevance, ordinal, hits) if not day else []
    words = sum(len(texts[i].split()) for i in picked)
    while len(picked) < MAX_SENTENCES:
        likeness = vectors @ vectors[picked].T if picked else np.zeros((len(pool), 1))
        score = relevance - DIVERSITY * likeness.max(axis=1)
        score[picked] = -np.inf
        score[(likeness.max(axis=1) >= SAME) | (relevance < MIN_RELEVANCE)] = -np.inf
        best = int(score.argmax())
        over = words + len(texts[best].split()) > MAX_WORDS and len(picked) >= MIN_SENTENCES
        if score[best] == -np.inf or over:
            break
        picked.append(best)
        words += len(texts[best].split())
    if not picked:
        return None
    chosen = sorted((pool[i] for i in picked), key=lambda p: (ordinal[p[0]] * (1 if day else -1), p[1]))
    newest = max(days[i] or date.min for i, _, _ in chosen)
    head = f"As of {dates.label(newest, newest)}: " if newest > date.min else ""
    text = head + " ".join(cite(s if s[-1] in '.!?"”’' else s + ".", i + 1) for i, _, s in chosen)
    return replace(finalize(text, hits, "extractive", question), short=None)


def _opens(sentence: str) -> bool:
    """Whether ``sentence`` opens a quotation it does not close (it goes on in the next sentence)."""
    return sentence.count('"') % 2 == 1 or sentence.count("“") > sentence.count("”")


def _lede(hit: Hit, offset: int) -> bool:
    """Whether the sentence at ``offset`` of ``hit`` is its article's first."""
    return hit.start == 0 and offset == split_sentences(hit.text)[0][0]


def _sentences(hits: list[Hit], day: re.Match | None, days: list[date | None]) -> list[tuple[int, int, str]]:
    """(hit index, offset, sentence) of the passages' sentences, each text once; with a weekday asked
    for, only sentences speaking of that day (``days``: each hit's article date)."""
    seen, out = set(), []
    asked = _last(days, day.group(1).lower()) if day else None  # which Tuesday: the latest one
    for i, hit in enumerate(hits):
        for a, b in split_sentences(hit.text):
            s = hit.text[a:b].strip()
            key = " ".join(s.lower().split())
            if len(s.split()) < 6 or key in seen or POINTING.match(s) or CONTINUES.match(s) or _opens(s):
                continue  # "He added: ...", 'to stay."', 'said: "My dad ...': they need their neighbour
            if day and not _speaks_of(s, day.group(1).lower(), days[i], asked):
                continue
            seen.add(key)
            out.append((i, a, s))
    return out


def _speaks_of(sentence: str, weekday: str, anchor: date | None, asked: date | None) -> bool:
    """Whether ``sentence`` speaks of the ``asked`` day: a date it mentions (by the article's date)
    covers it; for an undated article, it names the weekday."""
    if anchor is None or asked is None:
        return re.search(rf"\b{weekday}\b", sentence, re.I) is not None
    return any(m[2] <= asked <= m[3] for m in dates.mentions(sentence, anchor))


def _until(hits: list[Hit], days: list[date | None], weekday: str) -> tuple[list[Hit], list[date | None]]:
    """The hits (and their days) of articles dated on or before the last ``weekday`` on or before the
    newest article; undated articles are left out (when they were written is unknown)."""
    cutoff = _last(days, weekday)
    if cutoff is None:
        return hits, days
    kept = [(h, d) for h, d in zip(hits, days, strict=True) if d and d <= cutoff]
    return [h for h, _ in kept], [d for _, d in kept]


def _last(days: list[date | None], weekday: str) -> date | None:
    """The last ``weekday`` on or before the newest of ``days`` (None when none is known)."""
    newest = max((d for d in days if d), default=None)
    if newest is None:
        return None
    return newest - timedelta(days=(newest.weekday() - dates.WEEKDAYS.index(weekday)) % 7)


def _newest_lead(
    pool: list[tuple[int, int, str]], relevance, ordinal: list[int], hits: list[Hit]
) -> list[int]:
    """The newest article's first sentence when it is about the story (LEAD of the best relevance), else
    its most relevant one: "the latest" must include the latest development, however an older one is
    worded, and news puts an article's most important fact first."""
    ok = [k for k in range(len(pool)) if relevance[k] >= max(MIN_RELEVANCE, LEAD * float(relevance.max()))]
    # an article whose own first sentence is about the story is of the story; another story's article
    # may still have one sentence near enough ("Brandmoor" in a budget article for a Brandmoor theft)
    ledes = [k for k in ok if _lede(hits[pool[k][0]], pool[k][1])]
    if ledes:
        return [max(ledes, key=lambda k: (ordinal[pool[k][0]], relevance[k]))]
    if not ok:
        return []
    newest = max(ordinal[pool[k][0]] for k in ok)
    return [max((k for k in ok if ordinal[pool[k][0]] == newest), key=lambda k: relevance[k])]
