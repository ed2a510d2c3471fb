"""The same story once: a wire story (Reuters, AP) runs in many outlets with different furniture.
At ingest each article gets a MinHash signature of its word 5-shingles (datasketch); an article whose
estimated Jaccard similarity to a stored one is ``SAME`` or more joins that article's story. Every
copy is stored (removing one loses nothing), but a search keeps the passages of one copy per story
and names the other outlets: "also published by".

A near-copy whose facts differ is not a copy: when a sentence of one has its counterpart in the other
(most words shared) but the two give different numbers, dates or names ("€90 billion" in one, "€60
billion" in the other), the articles stay apart, so a hostile edit can neither hide the original nor
be vouched for by its outlets. Sentences one copy adds or drops (a credit line) do not count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from rag.store.catalog import band_keys
from rag.text.sentences import split_sentences
from rag.text.terms import facts, words

PERMUTATIONS = 64  # MinHash size: 256 bytes (512 hex characters) a signature, Jaccard estimated within ~0.06
SAME = 0.6  # estimated Jaccard of word 5-shingles from which two articles are one story
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2 hashing scheme, stated: stored signatures must be read the same way
COUNTERPART = 0.6  # word Jaccard from which two sentences are one sentence, perhaps edited


def signature(text: str) -> str:
    """The MinHash signature of ``text``'s word 5-shingles, as hex (stored with the article)."""
    from datasketch import MinHash

    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    m.update_batch([s.encode() for s in shingles])
    return m.hashvalues.astype(np.uint32).tobytes().hex()


class Stories:
    """Stories of the stored articles, joined by new ones as they are written."""

    def __init__(self, similar: Callable[[str], dict[str, dict]], text_of: Callable[[str], str]) -> None:
        self._similar = similar  # a signature -> stored articles sharing an LSH band (the store's catalog)
        self._text_of = text_of  # a stored article's text, asked only of a near-copy's candidates
        self._run: dict[str, tuple[str, str]] = {}  # this run's articles: id -> (signature, story)
        self._bands: dict[str, set[str]] = {}  # this run's LSH bands -> article ids
        self._texts: dict[str, str] = {}  # articles assigned in this run (maybe not stored yet)

    def assign(self, article_id: str, sig: str, text: str) -> str:
        """The story ``article_id`` (with signature ``sig`` and ``text``) belongs to: the story of a
        stored copy that says the same, else its own."""
        found = {
            a: (m["minhash"], m.get("story") or a) for a, m in self._similar(sig).items() if m.get("minhash")
        }
        found.update((a, self._run[a]) for key in band_keys(sig) for a in self._bands.get(key, ()))
        near = [a for a, (other, _) in found.items() if a != article_id and agreement(sig, other) >= SAME]
        copies = [a for a in near if not conflicting(text, self._texts.get(a) or self._text_of(a))]
        story = min((found[a][1] for a in copies), default=article_id)
        if article_id in self._run:  # an article rewritten in place: its old text goes
            for key in band_keys(self._run[article_id][0]):
                self._bands[key].discard(article_id)
        self._run[article_id] = (sig, story)
        for key in band_keys(sig):
            self._bands.setdefault(key, set()).add(article_id)
        self._texts[article_id] = text
        return story


def agreement(a: str, b: str) -> float:
    """Estimated Jaccard of two signatures (hex): the share of their MinHash values that agree."""
    x, y = (np.frombuffer(bytes.fromhex(s), dtype=np.uint32) for s in (a, b))
    return float((x == y).mean()) if len(x) == len(y) else 0.0


def conflicting(a: str, b: str) -> bool:
    """True when a sentence of ``a`` and its counterpart in ``b`` give different facts."""
    theirs = [(set(words(s)), s) for s in (b[x:y] for x, y in split_sentences(b))]
    for x, y in split_sentences(a):
        mine = set(words(a[x:y]))
        if not mine:
            continue
        shared, other = max(((len(mine & w) / len(mine | w), s) for w, s in theirs), default=(0.0, ""))
        if shared >= COUNTERPART and facts(a[x:y]) != facts(other):
            return True
    return False


def one_copy(ranked: list[str], meta: dict[str, dict]) -> list[str]:
    """``ranked`` chunk ids without those of a second copy of a story (the best-ranked copy stays)."""
    chosen: dict[str, str] = {}  # story -> the article whose passages are shown
    out = []
    for cid in ranked:
        m = meta[cid]
        story = m.get("story") or m["article_id"]
        if chosen.setdefault(story, m["article_id"]) == m["article_id"]:
            out.append(cid)
    return out
