"""« de » and « à » before a name: elision (d'Incubateur) and contraction (du, des, au, aux)."""

import re
from pathlib import Path

import pytest

from colab.french import a, de, preposed

TEMPLATES = Path(__file__).resolve().parents[1] / "web" / "templates"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Namur", "de Namur"),
        ("Incubateur Meuse Innovation", "d'Incubateur Meuse Innovation"),
        ("Université de Louvain-la-Neuve", "d'Université de Louvain-la-Neuve"),
        ("Écolo", "d'Écolo"),
        ("UCLouvain", "d'UCLouvain"),
        ("Œuvres paroissiales", "d'Œuvres paroissiales"),
        ("Yvoir", "d'Yvoir"),
        ("Yannick Dubois", "de Yannick Dubois"),
        ("Hôpital de Jolimont", "d'Hôpital de Jolimont"),
        ("Huy", "de Huy"),  # aspirated h
        ("Hainaut", "de Hainaut"),
        ("Les Amis de la Semois", "des Amis de la Semois"),
        ("Le Rœulx", "du Rœulx"),
        ("La Louvière", "de La Louvière"),
        ("L'Escale", "de L'Escale"),
        ("Lesves", "de Lesves"),
        ("Brabant wallon", "du Brabant wallon"),
        ("  Ottignies  ", "d'Ottignies"),
    ],
)
def test_de_elides_and_contracts(name: str, expected: str) -> None:
    assert de(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Namur", "à Namur"),
        ("Incubateur Meuse Innovation", "à Incubateur Meuse Innovation"),  # « à » never elides
        ("Le Rœulx", "au Rœulx"),
        ("Les Bons Villers", "aux Bons Villers"),
        ("La Louvière", "à La Louvière"),
    ],
)
def test_a_contracts_with_le_and_les(name: str, expected: str) -> None:
    assert a(name) == expected


def test_preposed_splits_the_name_for_a_link() -> None:
    assert preposed("Les Amis de la Semois", "de") == ("des ", "Amis de la Semois")
    assert preposed("Incubateur", "de") == ("d'", "Incubateur")
    with pytest.raises(ValueError):
        preposed("Namur", "pour")


def test_no_template_puts_a_bare_de_or_a_before_a_name() -> None:
    bare = re.compile(r"\b(?:de|à|du|des|au|aux) (?:<a [^>]*>)?\{\{ *[\w.]+\.(?:name|display_name) *\}\}")
    found = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in bare.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []
