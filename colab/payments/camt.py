"""Reading a CAMT.053 bank statement (ISO 20022 "bank-to-customer statement", what Belgian banks export) with
pycamt (versions .001.02 to .001.12), behind two guards: a size limit checked before anything is read, and a
refusal of any DTD (so no external entity is fetched and no entity is expanded: XXE, "billion laughs")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree
from pycamt.parser import Camt053Parser

from colab.errors import ColabError, ErrorCode
from colab.payments.structured import find_reference

FIELD = "statement"


@dataclass(frozen=True)
class ParsedLine:
    entry_ref: str
    credit: bool
    amount_cents: int
    currency: str
    #: booked by the bank (status BOOK, not a reversal): only those are reconciled
    booked: bool
    booking_date: str
    #: the structured communication (12 digits) in the structured or free remittance, if any
    reference: str | None
    remittance: str
    debtor_name: str
    debtor_iban: str


@dataclass(frozen=True)
class ParsedStatement:
    statement_id: str
    account_iban: str
    message_id: str
    version: str
    lines: list[ParsedLine]


def invalid(message: str) -> ColabError:
    return ColabError(ErrorCode.STATEMENT_INVALID, message, FIELD)


def parse_statement(xml: bytes, *, max_bytes: int) -> ParsedStatement:
    """The statement's id, account and lines; refuses oversized, malformed, DTD-carrying or non-CAMT.053 input."""
    if len(xml) > max_bytes:
        raise ColabError(ErrorCode.STATEMENT_TOO_LARGE, f"Le relevé dépasse {max_bytes // (1024 * 1024)} Mio.", FIELD)
    _refuse_dtd(xml)
    try:
        parser = Camt053Parser(xml)
    except etree.XMLSyntaxError as error:
        raise invalid("Ce fichier n'est pas un document XML lisible.") from error
    if not parser.version.startswith("camt.053."):
        raise invalid("Ce fichier n'est pas un relevé CAMT.053.")
    statements = parser.tree.findall(".//Stmt", parser.namespaces)
    if len(statements) != 1:
        raise invalid("Le fichier doit contenir un et un seul relevé (Stmt).")
    try:  # pycamt reads fields some banks omit with `.text` on None: any such failure is an unreadable file
        header = parser.get_group_header()
        transactions = parser.get_transactions()
    except Exception as error:  # noqa: BLE001
        raise invalid("Ce relevé CAMT.053 est incomplet ou mal formé.") from error
    statement_id = _text(statements[0], "Id", parser.namespaces)
    iban = _text(statements[0], "Acct/Id/IBAN", parser.namespaces).replace(" ", "").upper()
    if not statement_id or not iban:
        raise invalid("Le relevé n'a pas d'identifiant ou de compte IBAN.")
    return ParsedStatement(
        statement_id=statement_id[:35],
        account_iban=iban[:34],
        message_id=str(header.get("MessageID") or "")[:35],
        version=parser.version,
        lines=_lines(transactions, iban, statement_id),
    )


def _refuse_dtd(xml: bytes) -> None:
    """Parse without resolving entities, loading a DTD or touching the network, then refuse any DOCTYPE."""
    safe = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser=safe)
    except etree.XMLSyntaxError as error:
        raise invalid("Ce fichier n'est pas un document XML lisible.") from error
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise invalid("Un relevé bancaire ne déclare pas de DTD ni d'entités : fichier refusé.")


def _text(element: Any, path: str, namespaces: dict[Any, str]) -> str:
    prefix = "ns:" if None in namespaces else ""
    ns = {("ns" if k is None else k): v for k, v in namespaces.items()}
    found = element.find("/".join(prefix + part for part in path.split("/")), ns)
    return (found.text or "").strip() if found is not None else ""


def _lines(transactions: list[dict[str, Any]], iban: str, statement_id: str) -> list[ParsedLine]:
    lines: list[ParsedLine] = []
    seen: dict[str, int] = {}
    for position, tx in enumerate(transactions):
        bank_ref = str(tx.get("TransactionID") or f"{statement_id}#{position}")
        count = seen.get(bank_ref, 0)
        seen[bank_ref] = count + 1
        entry_ref = f"{iban}:{bank_ref}" + (f"/{count}" if count else "")
        parts = [str(v).strip() for v in (tx.get("RemittanceInformation"), tx.get("RemittanceInformationFull")) if v]
        remittance = " ".join(dict.fromkeys(p for p in parts if p))  # the first free text is also in the full one
        lines.append(
            ParsedLine(
                entry_ref=entry_ref[:80],
                credit=tx.get("CreditDebitIndicator") == "CRDT",
                amount_cents=_cents(tx.get("Amount")),
                currency=str(tx.get("Currency") or "EUR")[:3],
                booked=(tx.get("Status") in (None, "BOOK")) and str(tx.get("ReversalIndicator")).lower() != "true",
                booking_date=str(tx.get("BookingDate") or "")[:30],
                reference=find_reference(str(tx.get("RemittanceInformation") or ""))
                or find_reference(str(tx.get("RemittanceInformationFull") or "")),
                remittance=remittance[:280],
                debtor_name=str(tx.get("DebtorName") or "")[:140],
                debtor_iban=str(tx.get("DebtorIBAN") or "").replace(" ", "")[:34],
            )
        )
    return lines


def _cents(value: object) -> int:
    try:
        amount = Decimal(str(value))
    except InvalidOperation as error:
        raise invalid(f"Montant illisible dans le relevé : {value!r}.") from error
    cents = amount * 100
    if cents != cents.to_integral_value() or cents < 0:
        raise invalid(f"Montant illisible dans le relevé : {value!r}.")
    return int(cents)
