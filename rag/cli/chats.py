"""``rag chat [--resume ID]`` and ``rag chats``: terminal conversations, kept in the conversation
store (rag/chats/conversations.py) under the system user's name, resumable later and in the browser's
export format."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime

from rag.chats.conversations import Conversations
from rag.cli.terminal import format_answer, one_line, stream_answer
from rag.core.errors import RagError


def user() -> str:
    """Whose conversations the terminal keeps: the system user."""
    try:
        return f"terminal:{getpass.getuser()}"
    except (KeyError, OSError):
        return "terminal"


def cmd_chat(args, kb) -> int:
    store, who = Conversations(kb.settings.home), user()
    conversation = args.resume
    history = store.history(who, conversation) if conversation else []
    for question, answer, _ in store.turns(who, conversation) if conversation else []:
        print(f"you> {one_line(question)}\n{format_answer(answer)}")
    if hasattr(sys.stdin, "reconfigure"):  # undecodable bytes typed in: kept (escaped), never a crash
        sys.stdin.reconfigure(errors="surrogateescape")
    print("Ask about the articles; /up or /down rates the last answer; an empty line or Ctrl-D ends.")
    turns = len(history) // 2
    while True:
        try:
            question = input("you> ").strip()
        except EOFError:
            question = ""
        if not question:
            if conversation:
                print(f"saved as conversation {conversation} (rag chat --resume {conversation})")
            return 0
        if question in ("/up", "/down") and conversation and turns:
            store.feedback(who, conversation, turns - 1, 1 if question == "/up" else -1)
            print("noted")
            continue
        answer = stream_answer(kb, question, history)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        try:
            conversation = store.add_turn(who, conversation, question, answer, kb.settings.collection)
            turns += 1
        except RagError as e:  # a read-only or full home: the chat goes on, unsaved
            print(f"rag: warning: not saved: {one_line(e)}", file=sys.stderr)


def cmd_chats(args, kb) -> int:
    listed = Conversations(kb.settings.home).list(user())
    for c in listed:
        when = datetime.fromtimestamp(c["updated"]).strftime("%Y-%m-%d %H:%M")
        print(one_line(f"{c['id']}  {when}  {c['turns']} turns  {c['title']}"))
    if not listed:
        print("no saved conversations (rag chat starts one)")
    return 0
