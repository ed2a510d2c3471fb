"""The two blind news sets pass their own checkers: gold answers and support in their articles, every
article used, one half per story."""

import subprocess
import sys

import pytest

from tests.support.corpus import ROOT


@pytest.mark.parametrize("name", ["news-week", "news-week-2"])
def test_the_news_set_passes_its_checker(name):
    script = ROOT / "eval" / "datasets" / name / "check.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stdout + done.stderr
