"""Language tags (BCP 47) for articles and notes: whether a tag is well formed, and what a
maintainer who wrote something else most likely meant.

The check is of form, after RFC 5646's grammar for the common tags (language, script, region,
variants: ``en``, ``zh-Hant-TW``, ``sr-Latn``, ``de-CH-1996``); the registry itself is not
consulted. The hint comes from the C library's locale aliases, which the standard library
carries (``locale.locale_alias``): ``english`` → ``en``, ``ru_RU`` → ``ru-RU``.
"""

from __future__ import annotations

import locale
import re

LANGUAGE_TAG_RE = re.compile(
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$")
# The same rule for the JSON Schemas, with case folded as BCP 47 allows.
LANGUAGE_TAG_PATTERN = r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-([a-zA-Z0-9]{5,8}|[0-9][a-zA-Z0-9]{3}))*$"


def canonical_case(tag: str) -> str:
    """``EN-us`` as BCP 47 writes it, ``en-US``: language lower, script title, region upper."""
    parts = tag.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 and part.isalpha() else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


def language_problem(text: str) -> str | None:
    """None for a well-formed tag (in any case, as BCP 47 allows); otherwise why not, with a hint."""
    if LANGUAGE_TAG_RE.match(canonical_case(text)):
        return None
    hint = suggestion(text)
    return f"'{text}' is not a BCP 47 language tag such as 'en' or 'pt-BR'" + (f" (did you mean '{hint}'?)" if hint else "")


def suggestion(text: str) -> str | None:
    """The tag ``text`` most likely stands for: itself in the right case or with hyphens, or a locale alias."""
    hyphenated = canonical_case(text.strip().replace("_", "-").strip("-"))  # ru_RU -> ru-RU, en- -> en
    if LANGUAGE_TAG_RE.match(hyphenated):
        return hyphenated
    alias = locale.locale_alias.get(text.strip().lower().replace("-", "_"))
    if not alias:
        return None
    name = alias.split(".")[0].split("@")[0]  # en_EN.ISO8859-1 -> en_EN
    language, _, region = name.partition("_")
    # An alias for a bare language name gives a made-up region (english -> en_EN): keep the
    # region only when the maintainer wrote one.
    tag = f"{language}-{region}" if region and ("_" in text or "-" in text) else language
    return tag if LANGUAGE_TAG_RE.match(tag) else None
