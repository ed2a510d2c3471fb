"""The same wire story in three outlets, with different furniture: searched, its passage comes once,
naming the other outlets; removing nothing, a different story stays apart."""

import rag
from rag.index.copies import Stories, agreement, signature
from rag.store.catalog import band_keys
from tests.support.corpus import SAMPLE

WIRE = [
    "KYIV, Dec 3 (Reuters) - Ukraine shipped 4.2 million tonnes of grain through its Black Sea ports in"
    " November, the most since the war began, the agriculture ministry said on Wednesday.",
    "The ministry said 61 ships left the ports of Odesa, Chornomorsk and Pivdennyi during the month,"
    " carrying wheat, corn and sunflower oil to buyers in Egypt, Spain and China.",
    "Shipping insurers cut their war-risk premiums for the corridor to 0.7% of a vessel's value from"
    " 1% in the summer, traders said, as attacks on port infrastructure eased.",
]
OUTLETS = {
    "daily.html": ("The Daily Ledger", "<nav>Home | World | Markets</nav><div>Subscribe for 1 euro</div>"),
    "gazette.html": ("Harbour Gazette", "<div class='cookie'>We use cookies. Accept all</div>"),
    "times.html": ("Valley Times", "<aside>Most read: Council tax to rise 4.99%</aside>"),
}


def page(site: str, furniture: str) -> str:
    extra = ["Reporting by Olena Harmash; editing by Mark Potter."] if site == "Valley Times" else []
    paragraphs = "".join(f"<p>{p}</p>" for p in WIRE + extra)  # one outlet keeps the wire's credit line
    return (
        f"<html><head><title>Ukraine grain exports hit wartime high | {site}</title>"
        f'<meta property="og:site_name" content="{site}"></head><body>{furniture}'
        f"<article><h1>Ukraine grain exports hit wartime high</h1>{paragraphs}</article>"
        f"<footer>Copyright {site}</footer></body></html>"
    )


def test_the_same_story_from_three_outlets_is_one_passage_naming_the_others(tmp_path, embedder):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, (site, furniture) in OUTLETS.items():
        (folder / name).write_text(page(site, furniture), encoding="utf-8")
    (folder / "other.txt").write_text(
        "Title: Grain prices\nSource: Farm Weekly\n\nWheat prices in Egypt rose 3% as buyers booked"
        " cargoes from Ukraine's Black Sea ports, traders in Cairo said on Thursday.\n"
    )
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    report = kb.ingest([folder])
    # two outlets' extracted text is identical: one article with both outlets; the third differs by a
    # line, so it is stored as its own article in the same story
    assert len(report.added) == 3 and len(report.skipped) == 1
    hits = kb.search("How many ships left Ukraine's Black Sea ports in November?", k=5)
    copies = [h for h in hits if "61 ships" in h.text]
    assert len(copies) == 1, [h.source for h in hits]
    shown, others = copies[0].source, set(copies[0].also)
    assert others == {s for s, _ in OUTLETS.values()} - {shown}
    assert any(h.source == "Farm Weekly" and not h.also for h in hits)  # another story stays apart
    answer = kb.ask("How many ships left the ports of Odesa, Chornomorsk and Pivdennyi during the month?")
    assert "61 ships" in answer.text and set(answer.citations[0].also) == others
    # removing the near-copy takes it out of the story: it is no longer named
    assert kb.remove([str(folder / "times.html")]) == ["Ukraine grain exports hit wartime high"]
    left = [
        h
        for h in kb.search("How many ships left Ukraine's Black Sea ports in November?", k=5)
        if "61 ships" in h.text
    ]
    assert len(left) == 1 and "Valley Times" not in {left[0].source, *left[0].also}


def test_a_rewritten_story_is_not_a_copy():
    stories = Stories(in_memory({}), text_of=lambda aid: "")
    original = " ".join(WIRE)
    assert stories.assign("a", signature(original), original) == "a"
    credited = original + " Reporting by Olena Harmash."
    assert stories.assign("b", signature(credited), credited) == "a"
    rewritten = "Grain exports from Ukraine reached a wartime record last month, officials in Kyiv said."
    assert stories.assign("c", signature(rewritten), rewritten) == "c"
    # stored signatures are read back the same way (a second run of ingest), the text from the store
    again = Stories(
        in_memory({"a": {"minhash": signature(original), "story": "a"}}), text_of={"a": original}.get
    )
    assert again.assign("d", signature(original), original) == "a"


# Lines an outlet adds to the wire copy: its credit line and context of its own.
OWN = [
    "Reporting by Olena Harmash; editing by Mark Potter.",
    "The corridor has operated since August 2023 without Russian consent.",
    "Ukraine is one of the world's largest exporters of grain and vegetable oil.",
    "The ministry did not give a forecast for December shipments.",
    "Egypt was the largest single buyer of Ukrainian wheat last month.",
    "Rail deliveries to the ports also rose, the state railway said in a statement.",
]


def similarity(a: str, b: str) -> float:
    """The estimated Jaccard of two articles: the share of their MinHash values that agree."""
    return agreement(signature(a), signature(b))


def in_memory(known: dict[str, dict]):
    """``Stories``' stored-article lookup over a dict (id -> metadata with "minhash" and "story"), as
    the store's catalog answers it: the articles sharing an LSH band with a signature."""

    def similar(sig: str) -> dict[str, dict]:
        mine = set(band_keys(sig))
        return {a: m for a, m in known.items() if mine & set(band_keys(m.get("minhash") or ""))}

    return similar


def test_a_copy_just_above_the_threshold_is_folded_one_just_below_is_not():
    """Three lines of an outlet's own added to the wire copy leave it the same story (estimated
    Jaccard 0.61 to 0.69, above ``SAME`` = 0.6); four make it as much the outlet's story as the wire's
    (0.55 to 0.58): its own story. Datasketch's LSH banding for 0.6 never compared the first three."""
    original = " ".join(WIRE)
    above = {(0, 1, 2): 0.656, (0, 2, 4): 0.609, (1, 4, 5): 0.688}
    below = {(0, 1, 2, 4): 0.562, (1, 2, 4, 5): 0.547, (0, 2, 3, 5): 0.578}
    for lines, estimate in {**above, **below}.items():
        edited = " ".join([original, *(OWN[i] for i in lines)])
        assert round(similarity(original, edited), 3) == estimate, lines
        want = "a" if lines in above else f"own {lines}"
        stories = Stories(
            in_memory({"a": {"minhash": signature(original), "story": "a"}}), {"a": original}.get
        )
        assert stories.assign(f"own {lines}", signature(edited), edited) == want, (lines, estimate)


def test_a_copy_whose_facts_differ_is_not_folded():
    """Issue 24.2: a near-copy with one figure changed joined the original's story, so the original's
    passages were hidden and the edit was cited as "also published by" the real outlets."""
    original = " ".join(WIRE)
    stories = Stories(
        in_memory({"a": {"minhash": signature(original), "story": "a"}}), text_of={"a": original}.get
    )
    for edit in ("61 ships", "Odesa", "November"):
        changed = original.replace(edit, {"61 ships": "16 ships", "Odesa": "Mykolaiv"}.get(edit, "October"))
        assert stories.assign(edit, signature(changed), changed) == edit, edit


def test_a_hostile_near_copy_of_the_sample_neither_hides_nor_borrows_the_original(tmp_path, embedder):
    text = SAMPLE.read_text(encoding="utf-8")
    assert "€90 billion loan" in text
    body = text.split("\n\n", 1)[1] if text.startswith("Title:") else text
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Title: Evil Times\nSource: Evil Times\n\n" + body.replace("€90 billion loan", "€60 billion loan")
    )
    kb = rag.open(home=tmp_path / "home", embedder=embedder)
    assert not kb.ingest([SAMPLE, evil]).failed
    hits = kb.search("How much would the EU loan to Ukraine be?", k=10)
    assert any("€90 billion" in h.text for h in hits)  # the original is not hidden
    assert all("Evil Times" not in h.also for h in hits if "€90 billion" in h.text)
    assert all(not h.also for h in hits if "€60 billion" in h.text)  # no outlet vouches for the edit
    assert "€90 billion" in kb.ask("How much would the EU loan to Ukraine be?").text


def test_a_copy_ingested_in_a_later_run_joins_the_stored_story(tmp_path, embedder):
    """The story stored yesterday, and today a second outlet's copy of it (with its credit line), in
    a run of its own: the copy joins the stored story, not a new one, and the passage comes once."""
    home, copy = tmp_path / "home", tmp_path / "gazette.txt"
    body = SAMPLE.read_text(encoding="utf-8")
    copy.write_text(
        f"Title: Putin calls talks useful\nSource: Harbour Gazette\n\n{body}\nReporting by Mark Potter.\n"
    )
    assert rag.open(home=home, embedder=embedder).ingest([SAMPLE]).added == ["Ukraine peace talks"]
    kb = rag.open(home=home, embedder=embedder)  # a later run (a new process)
    assert kb.ingest([copy]).added == ["Putin calls talks useful"]
    stored = kb.store.articles()
    assert len(stored) == 2 and len({m["story"] for m in stored.values()}) == 1, stored
    hits = [
        h for h in kb.search("How much would the EU loan to Ukraine be?", k=10) if "€90 billion" in h.text
    ]
    assert len(hits) == 1 and {hits[0].source, *hits[0].also} == {
        "Harbour Gazette",
        "Guardian, Reuters and AP",
    }
    # a copy with a figure changed, later still: checked against the stored text, it stays apart
    edit = tmp_path / "evil.txt"
    edit.write_text(
        copy.read_text().replace("€90 billion loan", "€60 billion loan").replace("Harbour", "Evil")
    )
    assert rag.open(home=home, embedder=embedder).ingest([edit]).added == ["Putin calls talks useful"]
    assert len({m["story"] for m in kb.store.articles().values()}) == 2
