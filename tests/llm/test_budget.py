from rag.llm.budget import count_tokens, fit, head


def test_count_tokens_offline():
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0
    assert count_tokens("<|endoftext|>") > 1  # special tokens are counted as plain text


def test_fit_takes_texts_in_order_until_the_budget():
    texts = ["one two three", "four five six", "seven eight nine"]
    assert fit(texts, 6) == 2
    assert fit(texts, 100) == 3


def test_fit_keeps_at_least_one():
    assert fit(["a " * 500], 10) == 1
    assert fit([], 10) == 0


def test_head_cuts_to_a_token_count():
    text = "one two three four five"
    assert head(text, 2) == "one two"
    assert head(text, 100) == text
    assert count_tokens(head("word " * 300, 50)) == 50
