"""Passages of the sample article, and retrieved passages (Hits) made from any text."""

from rag.core.types import Hit

PASSAGE = (
    "On Wednesday the European Commission also announced it would move ahead with controversial plans to "
    "fund Ukraine with a €90 billion loan based on Russia’s frozen assets. EU leaders will be asked to "
    "decide on the options later this month."
)
FLORIDA = (
    "After their hours-long meeting at the Kremlin on Tuesday, US special envoy Steve Witkoff and "
    "Trump’s son-in-law Jared Kushner, were set to meet top Ukrainian negotiator Rustem Umerov in Florida "
    "on Thursday."
)


def hit(text, n=0):
    return Hit(chunk_id=f"a#{n}", article_id="a", title="T", text=text, score=1.0, source="", date="",
               start=0, end=len(text))  # fmt: skip


def flat(_term):
    return 1.0
