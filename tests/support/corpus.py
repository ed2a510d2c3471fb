"""Where the repository's articles are, tiny topic articles and records, and generated articles."""

import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SAMPLE = CORPUS / "ukraine-peace-talks.txt"

# Tiny articles on distinct topics: (file name, content, a question only that article answers, its title).
TOPICS = [
    (
        "volcano.txt",
        "Title: Volcano erupts near Grindavik\n\n"
        "A volcano on the Reykjanes peninsula in Iceland erupted on Friday night. "
        "Lava fountains reached 50 metres and a lava flow crept toward the fishing town of Grindavik. "
        "Residents were evacuated and the Blue Lagoon spa was closed as a precaution.",
        "Which town was threatened by the lava flow in Iceland?",
        "Volcano erupts near Grindavik",
    ),
    (
        "chess.md",
        "# Chess champion keeps her crown\n\n"
        "The world chess championship ended in Madrid on Sunday when the defending champion drew the "
        "final game. She kept the title after a tense rapid tiebreak against her younger challenger. "
        "The match lasted fourteen classical games.",
        "Who kept the world chess title after the tiebreak?",
        "Chess champion keeps her crown",
    ),
    (
        "bakery.html",
        "<html><head><title>Sourdough bakery opens in Lyon</title>"
        "<script>var tracking = 'SCRIPTMARKER';</script></head><body>"
        "<nav>Home | NAVMARKER | Contact</nav>"
        "<article><h1>Sourdough bakery opens</h1>"
        "<p>A family bakery specialising in sourdough bread and croissants opened in Lyon this week.</p>"
        "<p>The bakers use a starter that is forty years old and bake every loaf in a wood-fired oven.</p>"
        "</article><footer>FOOTERMARKER copyright</footer></body></html>",
        "Where did the sourdough bakery open?",
        "Sourdough bakery opens",  # the page's headline (its h1), as the article extractor reads it
    ),
]
# JSON records with source and date, for the filter tests.
RECORDS = [
    {
        "title": "Central bank raises interest rates",
        "text": "The central bank raised its main interest rate by a quarter point to fight inflation. "
        "Mortgage costs are expected to rise for millions of households.",
        "source": "Reuters",
        "date": "2024-03-05",
        "url": "https://example.com/rates",
    },
    {
        "title": "Glacier retreat measured in the Alps",
        "text": "Scientists measured a record retreat of Alpine glaciers this summer after a heatwave. "
        "The Rhone glacier lost more ice than in any year since measurements began.",
        "source": "AP",
        "date": "2024-07-20",
        "url": "https://example.com/glacier",
    },
    {
        "title": "Electric ferry crosses the fjord",
        "text": "A battery-powered electric ferry began carrying passengers across the Oslo fjord. "
        "The ferry charges its batteries at the dock in ten minutes between crossings.",
        "source": "Reuters",
        "date": "2025-01-15",
        "url": "https://example.com/ferry",
    },
]


def write_topics(folder: Path) -> Path:
    """The tiny topic articles and the JSON records, as real files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content, _, _ in TOPICS:
        (folder / name).write_text(content, encoding="utf-8")
    (folder / "wire.json").write_text(json.dumps(RECORDS), encoding="utf-8")
    return folder


WORDS = "harbour ferry crane quay tide anchor rope mast keel hull deck sail chart buoy pier dock".split()


def write_articles(folder, n=40, sentences=30):
    """``n`` articles of ``sentences`` distinct sentences (two or three chunks each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for a in range(n):
        body = " ".join(
            f"Report {a} line {s} says the {WORDS[(a + s) % 16]} near pier {a * 100 + s} "
            f"was checked by crew {s} on day {a + s} and found in good order."
            for s in range(sentences)
        )
        (folder / f"report-{a:03}.txt").write_text(f"Title: Harbour report {a}\n\n{body}\n")
    return folder


def per_article(s) -> Counter:
    """Stored chunks per article id."""
    return Counter(m["article_id"] for _, _, metas in s.scan() for m in metas)
