"""An Answer stored as JSON (conversations, the API) comes back with its flags' positions."""

import json

from rag.core.types import Answer


def test_flags_survive_a_json_round_trip_and_older_answers_have_none():
    answer = Answer(text="Lyon won [1]. Paris won [1].", unsupported=["Lyon won [1]."], flags=[(0, 13)])
    again = Answer.from_dict(json.loads(json.dumps(answer.to_dict())))
    assert again == answer and again.flags == [(0, 13)]
    older = answer.to_dict()
    del older["flags"]
    assert Answer.from_dict(older).flags == []
