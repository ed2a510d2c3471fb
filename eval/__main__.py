"""``python -m eval`` is ``rag eval``."""

from eval.cli import main

raise SystemExit(main())
