"""Word lists the verifier dev-set generator draws on: names by kind, roles, antonyms, synonyms."""

from __future__ import annotations

DEMONYMS = """American British English French German Russian Ukrainian European Norman Italian Spanish
Dutch Chinese Japanese Indian Estonian Belgian Irish Scottish Danish Norwegian Swedish Greek Byzantine
Arab Persian Egyptian Turkish Iranian Pakistani Canadian African Asian Portuguese Polish Austrian
Prussian Frankish Sicilian Welsh Saudi Syrian Iraqi Afghan Sudanese Algerian Israeli Palestinian
Lebanese Jordanian Indonesian Malaysian Nigerian Kenyan Australian Mexican Brazilian Korean""".split()

PLACES = """France Normandy England Italy Sicily Scotland Ireland Wales Rome Constantinople Paris London
Moscow Kyiv Ukraine Russia Alaska Florida Geneva Belgium Brussels India China Egypt Iran Pakistan Turkey
Afghanistan Sudan Algeria Britain Canada Quebec Ohio Virginia Pennsylvania Boston Cambridge Massachusetts
Africa Europe Asia America Spain Portugal Germany Japan Syria Iraq Jordan Lebanon Indonesia Malaysia
Bangladesh Nigeria Somalia Kenya Louisbourg Montreal Acadia Louisiana Mississippi Gaza Palestine Israel
Tunisia Morocco Libya Yemen Qatar Antioch Apulia Calabria Naples Byzantium Denmark Norway Sweden
Iceland Greenland Anatolia Armenia Jerusalem Cairo Tehran Chicago Washington California Texas Albany
Philadelphia Carolina Georgia Maryland Detroit Oswego Niagara Australia Mexico Brazil Korea Vienna
Berlin Estonia Crimea Florence Venice Milan Lisbon Madrid Amsterdam Hawaii""".split()
PLACES += ["New York", "New England", "Nova Scotia", "Fort Duquesne", "Lake George", "Saudi Arabia",
           "United States", "United Kingdom", "South Africa", "Hong Kong", "New France"]  # fmt: skip

ORG_WORDS = """University College Company Church Party Council Commission Union Institute Corporation
Assembly Brotherhood Society Academy Court Congress Parliament Ministry Agency Bank Foundation League
Network Laboratory Laboratories Army Navy Board Committee Office Department School Library Museum Press
Group Corporation Kremlin Corps Organization Organisation Federation Service Administration""".split()
ORGS = """Nato NATO EU UN IBM ARPANET NPL CERN BBC Kremlin Hamas Hezbollah Taliban FBI CIA MIT NASA
Google Microsoft ARPA DARPA CYCLADES Telenet Tymnet""".split()

GIVEN_NAMES = """William Robert Richard John Henry George Charles Edward James Thomas Louis Rollo Roger
Hugh Geoffrey Walter David Michael Paul Peter Donald Vladimir Steve Jared Mark Stephen Alan Leonard
Lawrence Drew Barack Benjamin Sayyid Hassan Ayman Osama Ruhollah Abul Muhammad Ali Gamal Anwar Joseph
Albert Max Adam Niels Cecil Samuel Francis Jean Pierre Jacques Rustem Volodymyr Andrii Yuri Yvette Margus
Dmitry Emma Mary Elizabeth Anne Margaret Catherine Tancred Bohemond Odo Emma Harold Edgar Duncan Malcolm
Alexander Isaac Manuel Richard Frederick Daniel Andrew Christopher Jonathan Nicholas Ronald Franklin
Theodore Woodrow Dwight Lyndon Gerald Jimmy Bill Hillary Ralph Ralf Jeffrey Leslie Kurt Juris Claude
Herbert Noam Larry Sergey Tim Vint Bob Alfred Lord Sir""".split()

TITLES = """Mr Mrs Ms Dr President King Queen Duke Pope Saint St Sir Lord General Emperor Prince Bishop
Archbishop Count Professor Governor Colonel Captain Major Sultan Caliph Ayatollah Sheikh Imam""".split()

ROLES = ["secretary general", "foreign minister", "prime minister", "chief of staff", "deputy chairman",
         "foreign secretary", "special envoy", "president", "envoy", "negotiator", "aide", "chairman",
         "king", "queen", "duke", "bishop", "archbishop", "pope", "emperor", "professor", "dean",
         "governor", "senator", "abbot", "chancellor", "commander", "ambassador", "mayor", "prince",
         "lieutenant", "colonel", "captain", "admiral", "treasurer", "provost", "lecturer"]  # fmt: skip

ANTONYMS = {
    "approved": "rejected", "rejected": "approved", "accepted": "rejected", "rose": "fell", "fell": "rose",
    "increased": "decreased", "decreased": "increased", "increase": "decrease", "decrease": "increase",
    "continue": "stop", "stop": "continue", "continued": "stopped", "success": "setback",
    "successes": "setbacks", "won": "lost", "lost": "won", "victory": "defeat", "defeat": "victory",
    "supported": "opposed", "opposed": "supported", "support": "oppose", "allowed": "prohibited",
    "larger": "smaller", "smaller": "larger", "largest": "smallest", "higher": "lower", "lower": "higher",
    "highest": "lowest", "strong": "weak", "stronger": "weaker", "weak": "strong", "gained": "lost",
    "first": "last", "before": "after", "after": "before", "early": "late", "earlier": "later",
    "later": "earlier", "agreed": "refused", "successful": "unsuccessful", "positive": "negative",
    "maximum": "minimum", "minimum": "maximum", "easier": "harder", "easy": "hard", "allies": "enemies",
    "ally": "enemy", "began": "ended", "include": "exclude", "included": "excluded", "legal": "illegal",
    "most": "least", "majority": "minority", "minority": "majority", "northern": "southern",
    "southern": "northern", "eastern": "western", "western": "eastern", "more": "less",
    "north": "south", "south": "north", "east": "west", "west": "east", "inside": "outside",
    "ancient": "modern", "modern": "ancient", "public": "private", "private": "public",
    "against": "in favour of", "unacceptable": "acceptable", "useful": "useless",
}  # fmt: skip

SYNONYMS = {
    "resigned": "stepped down", "said": "stated", "began": "started", "started": "began",
    "built": "constructed", "large": "big", "big": "large", "helped": "assisted", "help": "assist",
    "important": "significant", "showed": "demonstrated", "used": "employed", "bought": "purchased",
    "tried": "attempted", "ended": "concluded", "needed": "required", "received": "got",
    "allowed": "permitted", "famous": "well known", "wanted": "wished", "fought": "battled",
    "main": "principal", "created": "established", "accused": "charged", "announced": "declared",
    "urging": "pressing", "searched": "raided", "captured": "seized", "seize": "capture",
    "ruled out": "rejected", "intensified": "escalated", "emerged": "surfaced", "obvious": "clear",
    "difficult": "hard", "immediate": "instant", "often": "frequently", "known": "recognised",
    "chosen": "selected", "attacked": "assaulted", "destroyed": "wrecked", "increased": "grew",
    "gave": "granted", "became": "grew into", "major": "significant", "several": "a number of",
    "led": "headed", "joined": "entered", "mostly": "largely", "usually": "generally",
}  # fmt: skip

RELATIVE_TIMES = ["this month", "next month", "last month", "this year", "next year", "last year",
                  "this week", "next week", "last week", "today", "yesterday", "tomorrow",
                  "in recent weeks", "in recent months", "later this month", "earlier this year"]  # fmt: skip

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = """January February March April May June July August September October November December""".split()

TRANSITIVE = """defeated conquered attacked captured invaded succeeded replaced married killed besieged
founded funded joined visited met accused supported opposed hired acquired criticised criticized
invited expelled overthrew ruled influenced urged""".split()

POSSESSIVE_DEMONYM = {"Russia": "Russian", "Ukraine": "Ukrainian", "France": "French", "England": "English",
                      "Britain": "British", "Italy": "Italian", "Germany": "German", "Spain": "Spanish",
                      "China": "Chinese", "America": "American", "Europe": "European", "Normandy": "Norman",
                      "Egypt": "Egyptian", "Iran": "Iranian", "India": "Indian", "Japan": "Japanese",
                      "Scotland": "Scottish", "Ireland": "Irish", "Pakistan": "Pakistani"}  # fmt: skip
SHORT_FORMS = {"the United States": "the US", "the United Kingdom": "the UK", "the European Union": "the EU",
               "the United Nations": "the UN", "US ": "American ", "UK ": "British "}  # fmt: skip
