"""French grammar around names: "de" and "à" before a name elide (d'Incubateur) and contract (du, des, au, aux)."""

from __future__ import annotations

import re
import unicodedata

#: names that take « le » without spelling it: « la province du Brabant wallon »
_HIDDEN_LE = frozenset({"brabant wallon"})
#: a leading article of the name itself: « Les Amis de la Terre », « Le Rœulx », « La Louvière », « L'Escale »
_ARTICLE = re.compile(r"^(le|la|les)\s+(?=\S)", re.IGNORECASE)
#: words whose h is mute (most names with an h are aspirated: « de Huy », « de Hannut », « de Hainaut »)
_MUTE_H = (
    "habitat", "habitation", "harmonie", "hébergement", "héritage", "histoire", "homme", "horizon",
    "hôpita", "hôtel", "humain", "humanit", "hygiène",
)  # fmt: skip
_VOWELS = frozenset("aeiou")
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _base_letter(char: str) -> str:
    """The letter without its accent, lower-cased: « É » → « e », « Œ » → « o »."""
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return decomposed[:1] if decomposed else ""


def _elides(word: str) -> bool:
    first = _base_letter(word[:1])
    if first in _VOWELS or word[:1].casefold() == "œ":
        return True
    if first == "y":  # « d'Yvoir », but « de Yannick »
        return len(word) > 1 and _base_letter(word[1]) not in _VOWELS
    return first == "h" and word.casefold().startswith(_MUTE_H)


def preposed(name: str, preposition: str) -> tuple[str, str]:
    """What goes before the name and what is left of it: ("d'", "Incubateur…"), ("des ", "Amis…"), ("de ", "Namur").

    `preposition` is "de" or "à". A leading « Le » or « Les » merges into the preposition (du, des, au, aux);
    « La » and « L' » stay; « de » elides before a vowel or a mute h.
    """
    if preposition not in ("de", "à"):
        raise ValueError(f"unsupported preposition: {preposition!r}")
    name = name.strip()
    if name.casefold() in _HIDDEN_LE:
        return _CONTRACTED[(preposition, "le")] + " ", name
    article = _ARTICLE.match(name)
    if article and (preposition, article.group(1).casefold()) in _CONTRACTED:
        return _CONTRACTED[(preposition, article.group(1).casefold())] + " ", name[article.end() :]
    if preposition == "de" and not article and _elides(name):
        return "d'", name
    return preposition + " ", name


def de(name: str) -> str:
    """« de » and the name: « d'Incubateur », « des Amis », « du Rœulx », « de Namur »."""
    return "".join(preposed(name, "de"))


def a(name: str) -> str:
    """« à » and the name: « à Namur », « au Rœulx », « aux Bons Villers », « à La Louvière »."""
    return "".join(preposed(name, "à"))
