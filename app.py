"""The browser chat: ``python app.py`` is ``rag serve`` (sync corpus/, then serve on 127.0.0.1:7860)."""

import sys

from rag.cli.main import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
