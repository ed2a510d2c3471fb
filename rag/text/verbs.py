"""Irregular verb forms: a stemmer leaves "began" and "begin", "built" and "build" apart, so "When did
the blockade begin?" misses "it began late on Sunday". Each past form here maps to its base form's
term. Forms that are as often other words in the news ("left", "saw", "found", "rose", "fed", "wound",
"bound") are left out."""

from __future__ import annotations

from rag.text.terms import terms

_FORMS = """
begin began begun | build built | rise risen | fall fell fallen | pay paid | sell sold | win won |
lose lost | spend spent | take took taken | give gave given | come came | meet met | hold held |
keep kept | bring brought | buy bought | strike struck | run ran | write wrote written |
choose chose chosen | break broke broken | drive drove driven | grow grew grown | know knew known |
lead led | send sent | speak spoke spoken | stand stood | throw threw thrown | seek sought |
fight fought | catch caught | teach taught | shoot shot | hide hid hidden | fly flew flown |
freeze froze frozen | steal stole stolen | swear swore sworn | tear tore torn | wear wore worn |
shake shook shaken | sink sank sunk | sing sang sung | ring rang rung | forbid forbade forbidden |
forgive forgave forgiven | withdraw withdrew withdrawn | undertake undertook undertaken |
arise arose arisen | flee fled | lend lent | sleep slept |
sweep swept | weep wept | dig dug | hang hung | stick stuck | swing swung
"""


def _table() -> dict[str, str]:
    out: dict[str, str] = {}
    for group in _FORMS.split("|"):
        base, *forms = group.split()
        stem = (terms(base) or [base])[0]
        out.update({t: stem for form in forms for t in terms(form) if t != stem})
    return out


BASE = _table()


def base(term: str) -> str:
    """The base form's term of an irregular verb's past form term; any other term as it is."""
    return BASE.get(term, term)
