"""The chat's saved conversations as the browser shows them: the list (titles told apart by when),
opening one with its sources, and the Markdown download."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
import weakref
from collections import Counter
from pathlib import Path

from rag.chats.conversations import Conversations
from rag.chats.export import conversation_markdown
from rag.core.types import Answer
from rag.ui import html as render

KEEP_EXPORTS = 20  # downloads kept in this app's export folder at once


class SavedChats:
    """Handlers over one home's conversation store."""

    def __init__(self, home: Path) -> None:
        self.store = Conversations(home)
        self._exports: Path | None = None  # this app's download folder, made on the first export

    def save(
        self, who: str, conversation: str | None, question: str, answer: Answer, collection: str = "articles"
    ) -> str:
        """Store a finished turn; the conversation's id. RagError when it can't be saved."""
        return self.store.add_turn(who, conversation or None, question, answer, collection)

    def collection(self, who: str, conversation: str) -> str | None:
        """The collection a conversation asks (None: not this user's)."""
        return next((c["collection"] for c in self.store.list(who) if c["id"] == conversation), None)

    def choices(self, who: str) -> list[tuple[str, str]]:
        """(title · when last used, id) of this user's conversations, newest first: two conversations
        with one title are told apart by their time (to the second when the minute is the same too, then
        numbered when the second is too)."""
        listed = self.store.list(who)
        labels = [f"{c['title']} · {_when(c['updated'])}" for c in listed]
        twice = {label for label, n in Counter(labels).items() if n > 1}
        labels = [f"{c['title']} · {_when(c['updated'], seconds=True)}" if label in twice else label
                  for label, c in zip(labels, listed, strict=True)]  # fmt: skip
        seen: Counter = Counter()
        for i, label in enumerate(labels):  # the same second too (a chat begun right after another): numbered
            seen[label] += 1
            labels[i] = f"{label} ({seen[label]})" if seen[label] > 1 else label
        return list(zip(labels, [c["id"] for c in listed], strict=True))

    def open(self, who: str, conversation: str) -> tuple[list[dict], list[dict], str]:
        """(chat messages, history, sources panel of the last answer) of a stored conversation."""
        shown: list[dict] = []
        last = None
        for question, answer, _ in self.store.turns(who, conversation):
            shown += [{"role": "user", "content": render.escape(question)},
                      {"role": "assistant", "content": render.answer_html(answer)}]  # fmt: skip
            last = answer
        panel = render.sources_html(last) if last else render.EMPTY_SOURCES
        return shown, self.store.history(who, conversation), panel

    def export(self, who: str, conversation: str) -> str:
        """The conversation as a Markdown file named after its title (path of a temporary copy to
        download)."""
        turns = [(q, a) for q, a, _ in self.store.turns(who, conversation)]
        title = next((c["title"] for c in self.store.list(who) if c["id"] == conversation), "Conversation")
        folder = Path(tempfile.mkdtemp(dir=self._export_folder()))
        path = folder / f"{re.sub(r'[^A-Za-z0-9]+', '-', title).strip('-')[:60] or 'conversation'}.md"
        path.write_text(conversation_markdown(title, turns), encoding="utf-8")
        return str(path)

    def _export_folder(self) -> Path:
        """One temporary folder for this app's downloads, removed when the app goes, holding the newest
        ``KEEP_EXPORTS`` exports (Gradio serves a copy of each, so an older one is no longer needed)."""
        if self._exports is None:
            self._exports = Path(tempfile.mkdtemp(prefix="rag-exports-"))
            weakref.finalize(self, shutil.rmtree, self._exports, ignore_errors=True)
        for old in sorted(self._exports.iterdir(), key=lambda p: p.stat().st_mtime)[: -KEEP_EXPORTS + 1]:
            shutil.rmtree(old, ignore_errors=True)
        return self._exports


def _when(epoch: float, seconds: bool = False) -> str:
    """A conversation's last use as '2 Dec 14:05' (this machine's time), or '2 Dec 14:05:09'."""
    t = time.localtime(epoch)
    return f"{t.tm_mday} " + time.strftime("%b %H:%M:%S" if seconds else "%b %H:%M", t)
