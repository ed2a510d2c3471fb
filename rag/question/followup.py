"""Follow-up questions: rewrite a question that leans on the conversation into a standalone one.

With an LLM the model rewrites it (``prompts/rewrite.md``). Offline the rewrite is deterministic:
a question with a pronoun or too few words of its own gets the names and key words of the previous
turn appended, which is what retrieval and sentence scoring need to find the right passage.
"""

from __future__ import annotations

import re
from pathlib import Path

from rag.llm import client as llm
from rag.llm.prompts import render
from rag.text import dates
from rag.text.names import names
from rag.text.terms import STOPWORDS, facts, terms, words

# Pronouns that point back into the conversation. Demonstratives ("that", "this") are left out:
# they are as often conjunctions or determiners in questions that stand alone.
ANAPHORA = frozenset("he she him her his hers it its they them their theirs there latter former".split())
_OPENERS = re.compile(r"^\s*(and|but|also|so|what about|how about|why|why not|then)\b", re.I)
# "that observation", "this war" closing a question: a demonstrative with its noun points back.
_POINTING_BACK = re.compile(r"\b(?:that|this|these|those)(?:\s+[a-z]+){1,2}\s*\?*\s*$", re.I)
_CONTEXT_WORDS = 8  # at most this many context words are appended: the follow-up's own words lead
_ANSWER_NAMES = 3  # of them, names taken from the previous answer (it may name much besides its point)


def needs_context(question: str) -> bool:
    """True when the question refers back (a pronoun, 'what about ...') or is too short to stand alone."""
    ws = words(question)
    pointing = _POINTING_BACK.search(question)  # "Who made that observation?"
    return (
        bool(ANAPHORA & set(ws))
        or bool(_OPENERS.match(question))
        or len(terms(question)) < 2
        or bool(pointing)
    )


def rewrite(question: str, history: list[dict] | None) -> str:
    """A standalone version of ``question`` given the chat ``history`` (role/content dicts)."""
    previous = _previous_turn(history or [])
    if previous is None or not needs_context(question):
        return question
    prior_question, prior_answer = previous
    context = _context_words(prior_question, prior_answer, question)
    return f"{question.rstrip()} ({' '.join(context)})" if context else question


def split_context(question: str) -> tuple[str, str]:
    """(the question's own words, the context a rewrite appended in parentheses)."""
    m = re.match(r"^(.*\S)\s+\(([^()]*)\)\s*$", question, re.S)
    return (m.group(1), m.group(2)) if m else (question, "")


def _previous_turn(history: list[dict]) -> tuple[str, str] | None:
    """The last user question (itself made standalone) and the assistant reply after it."""
    users = [
        i for i, m in enumerate(history) if m.get("role") == "user" and str(m.get("content", "")).strip()
    ]
    if not users:
        return None
    last = users[-1]
    question = rewrite(str(history[last]["content"]), history[:last])
    replies = [m for m in history[last + 1 :] if m.get("role") == "assistant"]
    return question, str(replies[0].get("content", "")) if replies else ""


def _context_words(prior_question: str, prior_answer: str, question: str) -> list[str]:
    """Names first (from the earlier question, then the answer), then content words, not repeating."""
    answer = re.sub(r"\[\d+\]", "", prior_answer)
    if answer.strip().lower().startswith("the articles don't say"):
        answer = ""
    own = set(words(question))
    picked: list[str] = []
    # "And in Europe?" names its own place, and no pronoun points back: earlier names would pull the
    # answer back to the earlier place ("Which organisation did he lead before Wilson's inquiry?" still
    # needs who "he" is)
    own_names = _names(question) - {w for w in own if w.isdigit()}
    ellipsis = own_names and not ANAPHORA & own
    sources = [] if ellipsis else [(prior_question, _CONTEXT_WORDS), (answer, _ANSWER_NAMES)]
    for text, cap in sources:
        names = _names(text)
        taken = 0
        for w in re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text):
            lw = w.lower()
            if lw in names and lw not in own and w not in picked and taken < cap:
                picked.append(w)
                taken += 1
    for w in re.findall(r"[^\W_]+", re.sub(r"\(.*?\)", "", prior_question)):
        if w.lower() not in STOPWORDS and w.lower() not in own and w not in picked and len(w) > 2:
            picked.append(w)
    return picked[:_CONTEXT_WORDS]


def _names(text: str) -> set[str]:
    """Lower-case words of the names in ``text`` ("Since" opening a sentence is none), and its numbers."""
    return {w for n in names(text, text) for w in words(n)} | {f for f in facts(text) if not f.isalpha()}


def previous_answer(history: list[dict] | None) -> str:
    """The last assistant reply of ``history`` without its markers and date labels, as its sentences
    stand in the articles ("" for none or a refusal)."""
    replies = [str(m.get("content", "")) for m in history or [] if m.get("role") == "assistant"]
    text = re.sub(r"\s*\[\d+(?:\s*[,;]\s*\d+)*\]", "", replies[-1]).strip() if replies else ""
    text = dates.unlabel(text)
    return "" if text.lower().startswith("the articles don't say") else text


def prompt(folder: Path, history: list[dict], question: str) -> str:
    """The LLM rewrite prompt for ``question`` after ``history``."""
    return render(folder, "rewrite", history=history_text(history), question=question)


def history_text(history: list[dict], turns: int = 6) -> str:
    """The last ``turns`` messages as 'User: ...' / 'Assistant: ...' lines, for the rewrite prompt."""
    lines = []
    for m in history[-turns:]:
        who = "User" if m.get("role") == "user" else "Assistant"
        text = " ".join(str(m.get("content", "")).split())
        lines.append(f"{who}: {text}")
    return "\n".join(lines)


def standalone(question: str, history: list[dict] | None, settings, by_llm: bool) -> str:
    """The question rewritten to stand alone: by the LLM (``by_llm``, RAG_LLM_JOBS has 'rewrite'),
    else, or when it is unreachable, by ``rewrite``."""
    if not history or not needs_context(question):
        return question
    if by_llm:
        text = ""
        try:
            messages = [{"role": "user", "content": prompt(settings.prompts_dir, history, question)}]
            text = llm.complete(messages, settings, max_tokens=80).strip()
        except llm.LLMUnavailable:
            pass  # the deterministic rewrite below is a fine fallback
        if text and len(text) < 400:
            return text.splitlines()[0].strip().strip('"')
    return rewrite(question, history)
