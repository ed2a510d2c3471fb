"""The kind of a question, by explicit rules (issue 25): what a news reader asks for decides how it is
answered. ``story`` (the latest, a summary, what happened) gets a dated briefing of several sentences;
``current`` the newest value of something that changed; ``when`` a date; ``quote`` what someone said;
``why`` (why/how) and ``comparison`` an explanation; anything else is a ``factoid``. Whether the
articles answer at all is decided later (a refusal), not here.
"""

from __future__ import annotations

import re

KINDS = ("story", "current", "when", "quote", "why", "comparison", "factoid")

# "What's the latest on X", "Give me a rundown of X", "Summarise ...", "What happened on Tuesday?",
# "What do we know about X", "Any news on X", "Catch me up on X": the request, and the rest the topic.
_STORY = re.compile(
    r"(?:^|[,;:]\s*)\s*(?:please\s+)?"
    r"(?:(?:what(?:'s| is| are)|give me|tell me|any)\s+(?:the\s+)?(?:latest|news|update)s?"
    r"(?:\s+news)?(?:\s+(?:on|about|from|with|in))?"
    r"|(?:give me|can you give me|i want)\s+(?:a|an|the)\s+(?:\w+\s+)?"
    r"(?:rundown|summary|overview|briefing|recap)"
    r"(?:\s+(?:of|on|about))?"
    r"|(?:summari[sz]e|recap|brief me on|catch me up on|update me on)"
    r"|what\s+(?:do we|does\s+\w+)\s+know\s+(?:so far\s+)?about"
    r"|what(?:'s| is) the story(?:\s+(?:with|on|about))?"
    r"|what(?:'s| has| is)?\s+(?:happened|been happening|happening|going on|went on)"
    r"(?:\s+(?:with|to|in|at|on|about))?)\b",
    re.I,
)
_VALUE = r"(?:figure|number|count|offer|estimate|price|toll|total|bid|forecast|position|rate|level|score)s?"
_CURRENT = re.compile(
    rf"\b(?:now|(?-i:current(?:ly)?)|Currently|at present|at the moment|so far|to date|still|latest {_VALUE}"
    r"|how many .* (?:are|is) (?:there|left|waiting|without)"
    # "How much is X offering for Y?": a present offer, bid or demand is the latest one
    r"|(?:how much|what) (?:is|are) .+ (?:offering|bidding|paying|asking|charging|demanding|seeking)"
    # "What is the death toll?", "What is X's offer worth?": in the news, the present value is the latest
    rf"|^\s*(?:what|how much)(?:'s| is| are)\b.*\b{_VALUE})\b",
    re.I,
)
_LATEST_VALUE = re.compile(rf"\blatest {_VALUE}\b", re.I)  # "the latest bid for X": a value, not a story
_WHEN = re.compile(r"^\s*(?:when\b|(?:on )?what (?:day|date|time)\b|by when\b|how soon\b)", re.I)
_ASKED = r"\b(?:what|how)\s+(?:did|does|do|has|have)\s+.+?\s+"
_SAID = re.compile(_ASKED + r"(?:say|said|tell|told|warn|claim)\b", re.I)  # words, so a quotation
_QUOTE = re.compile(
    _ASKED + r"(?:say|said|tell|told|describe|call|warn|claim|respond(?:ed)?|react(?:ed)?)"
    r"|\baccording to\b|\bwhat was said\b|\bwhat (?:claims|allegations|promises)\b",
    re.I,
)
_WHY = re.compile(
    r"^\s*(?:why\b|how (?:did|does|do|will|would|can|could)\b|what (?:caused|led to)\b"
    r"|what(?:'s| is) behind\b)",
    re.I,
)
_MORE = r"(?:more|less|fewer|higher|lower|bigger|larger|smaller|greater|longer|shorter|earlier|later)"
_COMPARE = re.compile(
    rf"\b(?:compare[sd]?|comparison|versus|vs\.?|difference between|how much {_MORE}\b)"
    rf"|^\s*(?:which|were|was|is|are|did|does|do)\b.*\b(?:{_MORE}|cost more)\b.*\bor\b"
    rf"|^\s*(?:were|was|is|are|did|does|do)\b.*\bor\b.*\b{_MORE}\b"
    rf"|^\s*(?:were|was|is|are)\b.*\b{_MORE} than\b"
    r"|^\s*which\b[^?]*,[^?]*\bor\b",
    re.I,
)


def kind(question: str) -> str:
    """The kind of ``question``: one of KINDS (factoid when no rule says otherwise)."""
    q = question.strip()
    if _STORY.search(q) and not _WHEN.search(q) and not _LATEST_VALUE.search(q):
        return "story"
    if _WHEN.search(q):
        return "when"
    if _QUOTE.search(q):
        return "quote"
    if _COMPARE.search(q):
        return "comparison"
    if _CURRENT.search(q):
        return "current"
    if _WHY.search(q):
        return "why"
    return "factoid"


def topic(question: str) -> str:
    """What a story question is about, without its request words ("What's the latest on the talks?"
    -> "the talks"); '' when it names nothing ("Summarise the article")."""
    rest = _STORY.sub(" ", question, count=1)
    rest = re.sub(r"\b(?:the|this|these)\s+(?:articles?|stor(?:y|ies)|news)\b", " ", rest, flags=re.I)
    return " ".join(rest.strip(" ?.!").split())


def asks_quotation(question: str) -> bool:
    """Whether the question asks for someone's words ("What did X say about Y?"), which a quotation
    answers; "According to X, ..." asks for a fact X gives, quoted or not, "What did X call Y?" a name."""
    return bool(_SAID.search(question))
