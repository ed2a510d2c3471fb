from rag.verify.times import check, expressions


def test_expressions_are_normalised():
    assert expressions("earlier this week and the previous year, not tomorrow") == {
        "this week": "earlier this week", "last year": "previous year", "tomorrow": "tomorrow"}  # fmt: skip


def test_a_changed_time_expression_is_named():
    cited = "Leaders will decide later this month."
    assert check("Leaders will decide next year.", cited, cited) == "changed: later this month → next year"
    assert check("Leaders will decide this month.", cited, cited) == ""
    assert check("Leaders decided yesterday.", "Leaders decided.", "Leaders decided.") == (
        "not in the cited text: yesterday"
    )
