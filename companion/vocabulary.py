"""The companion's vocabulary, in one place: note kinds, verdicts, outcomes and link types, the
words and ratings each is shown with, the wording for what a source does not name, and the
grammar of identifiers.

The loader checks values against these tuples, the pages and exports show them with these
words, and the JSON Schemas use these patterns, so a new verdict or outcome is added here once
(with its label) and CONTRIBUTING's scale tables are its documentation.
"""

from __future__ import annotations

import re

NOTE_KINDS = ("context", "fact-check", "prediction", "definition", "source")
LINK_TYPES = ("contradicts", "supports", "qualifies")
VERDICTS = ("accurate", "minor-error", "misleading", "inaccurate", "unverified", "outdated")
OUTCOMES = ("came-true", "partly", "did-not-happen", "condition-not-met", "pending")
# The timeline's entry types: events of timeline.yml, and the dates the articles bring.
ENTRY_TYPES = ("event", "publication", "prediction", "resolution")

KIND_LABELS = {
    "context": "Context", "fact-check": "Fact-check", "prediction": "Prediction",
    "definition": "Definition", "source": "Source",
}
VERDICT_LABELS = {
    "accurate": "Accurate", "minor-error": "Minor error", "misleading": "Misleading",
    "inaccurate": "Inaccurate", "unverified": "Unverified", "outdated": "Outdated",
}
OUTCOME_LABELS = {
    "came-true": "Came true", "partly": "Partly came true", "did-not-happen": "Did not happen",
    "condition-not-met": "Condition not met", "pending": "Pending",
}
# A bare anchor shown only for the link entries it carries is a note of a kind of its own.
LINKED_CLAIM = "linked-claim"
LINKED_CLAIM_LABEL = "Linked claim"
ENTRY_TYPE_LABELS = {"event": "Event", "publication": "Article published",
                     "prediction": "Prediction made", "resolution": "Prediction resolved"}
# A link as seen from the claim it points at ("Contradicted by" …); the qualifying claim itself
# shows "Qualifies".
LINK_END_LABELS = {"contradicts": "Contradicted by", "supports": "Supported by",
                   "qualifies": "Qualified by"}
QUALIFIER_LABEL = "Qualifies"
# Plural and singular, indexed by `n == 1`, for counts of links.
LINK_TYPE_WORDS = {"contradicts": ("contradictions", "contradiction"),
                   "supports": ("agreements", "agreement"),
                   "qualifies": ("qualifications", "qualification")}

# The verdict scale in ClaimReview: the words of each verdict (alternateName), and a schema.org
# Rating (1 worst, 5 best) where the verdict judges a truth value. "unverified" and "outdated"
# judge none, so they carry only their words, as ClaimReview allows.
VERDICT_WORDS = {"accurate": "Accurate", "minor-error": "Accurate but for a minor error",
                 "misleading": "Misleading", "inaccurate": "Inaccurate",
                 "unverified": "Unverified", "outdated": "Outdated"}
VERDICT_RATINGS = {"accurate": 5, "minor-error": 4, "misleading": 2, "inaccurate": 1}


def not_named(what: str, *, start: bool = False) -> str:
    """What a page says for an author or outlet the source does not name: "outlet not named"
    inside a line, "Outlet not named" where it starts one."""
    words = f"{what} not named"
    return words[0].upper() + words[1:] if start else words


# Identifiers: an article's slug, a note's or an event's id, and a claim reference
# ("<article slug>#<note id>"). Lower-case words of letters and digits joined by hyphens.
ID_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
SLUG_PATTERN = f"^{ID_PATTERN}$"
CLAIM_PATTERN = f"^{ID_PATTERN}#{ID_PATTERN}$"
SLUG_RE = re.compile(SLUG_PATTERN)
NOTE_ID_RE = SLUG_RE
CLAIM_RE = re.compile(CLAIM_PATTERN)
