"""Belgian structured communication (OGM-VCS, `+++ddd/dddd/ddddd+++`): ten digits and their mod-97 check digits
(97 when the remainder is 0), per the Febelfin rule, computed and checked by python-stdnum's `stdnum.be.ogm_vcs`."""

from __future__ import annotations

import re
import secrets

from stdnum.be import ogm_vcs

#: a structured communication as people and banks write it (`+++`/`***` around it or not, `/` or spaces or nothing
#: between the groups), never a piece of a longer number
_WRITTEN = re.compile(r"(?<!\d)(\d{3}) ?/? ?(\d{4}) ?/? ?(\d{5})(?!\d)")


def new_reference() -> str:
    """Twelve random digits with valid check digits (the caller makes sure it is not taken yet)."""
    base = f"{secrets.randbelow(10**10 - 1) + 1:010d}"
    return base + ogm_vcs.calc_check_digits(base)


def is_valid(digits: str) -> bool:
    return len(digits) == 12 and ogm_vcs.is_valid(digits)


def display(digits: str) -> str:
    """`+++010/8068/17183+++`, how a banking app asks for it."""
    return f"+++{ogm_vcs.format(digits)}+++"


def find_reference(text: str | None) -> str | None:
    """The first valid structured communication written in a remittance text (the 12 digits), if any."""
    for match in _WRITTEN.finditer(text or ""):
        digits = "".join(match.groups())
        if is_valid(digits):
            return digits
    return None
