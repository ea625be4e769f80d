"""Payments through GraphQL: transfer instructions for the backer, statement import and resolution for admins,
the online checkout; every refusal with its exact code."""

import base64
from collections.abc import AsyncIterator

import pytest

from colab.actors import Role
from colab.api.ids import encode
from colab.funding.models import PaymentMethod, Pledge, PledgeStatus
from colab.payments.models import LineStatus, RefundInstruction, StatementLine
from colab.payments.structured import display
from tests.api.conftest import OPERATIONS, GraphQLClient, codes, top_codes
from tests.conftest import make_user
from tests.payments.factories import make_pledge, reference_of
from tests.payments.fake_mollie import FakeMollie, running
from tests.payments.statements import Entry, statement_02


@pytest.fixture
async def mollie() -> AsyncIterator[FakeMollie]:
    async with running() as fake:
        yield fake


async def _admin(api: GraphQLClient) -> GraphQLClient:
    return await api.as_user(await make_user(Role.ADMIN, name="Admin Colab"))


async def test_the_backer_reads_the_transfer_instructions(api: GraphQLClient) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=2500)
    me = await api.as_user(backer)
    found = (await me.run("TransferInstructions", pledgeId=encode("Pledge", pledge.id)))["data"]["transferInstructions"]
    assert found["iban"] == "BE71096123456769" and found["bic"] == "GKCCBEBB"
    assert found["amountCents"] == 2500 and found["structuredReference"] == display(await reference_of(pledge))
    assert found["qrSvg"].startswith("<svg") and found["pledgeId"] == encode("Pledge", pledge.id)


async def test_others_get_null_and_anonymous_a_top_level_error(api: GraphQLClient) -> None:
    pledge = await make_pledge()
    other = await api.as_user(await make_user(name="Curieux"))
    pledge_id = encode("Pledge", pledge.id)
    assert (await other.run("TransferInstructions", pledgeId=pledge_id))["data"]["transferInstructions"] is None
    assert top_codes(await api.run("TransferInstructions", pledgeId=pledge_id)) == ["UNAUTHENTICATED"]
    assert top_codes(await other.run("TransferInstructions", pledgeId="nope")) == ["INVALID_ID"]


async def test_an_admin_imports_a_statement_twice_and_resolves_a_line(api: GraphQLClient) -> None:
    admin = await _admin(api)
    pledge, other = await make_pledge(amount_cents=2500), await make_pledge(amount_cents=1000)
    xml = statement_02(
        [Entry("E1", "25.00", structured=await reference_of(pledge)), Entry("E2", "10.00", free_text="pour la serre")]
    )
    statement = {"statement": base64.b64encode(xml).decode(), "encoding": "BASE64"}
    first = (await admin.run("ImportBankStatement", input=statement))["data"]["importBankStatement"]
    assert (first["alreadyImported"], first["matched"], first["unmatched"], first["errors"]) == (False, 1, 1, [])
    again = (await admin.run("ImportBankStatement", input=statement))["data"]["importBankStatement"]
    assert (again["alreadyImported"], again["matched"]) == (True, 0)
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID

    (line,) = (await admin.run("UnmatchedStatementLines"))["data"]["unmatchedStatementLines"]
    assert line["problem"] == "Pas de communication structurée" and line["amountCents"] == 1000
    resolved = (
        await admin.run("ResolveStatementLine", input={"lineId": line["id"], "pledgeId": encode("Pledge", other.id)})
    )["data"]["resolveStatementLine"]
    assert resolved["errors"] == [] and resolved["line"]["status"] == "RESOLVED"
    twice = (await admin.run("ResolveStatementLine", input={"lineId": line["id"]}))["data"]["resolveStatementLine"]
    assert codes(twice) == ["ALREADY_RESOLVED"]


async def test_a_statement_as_text_and_its_typed_errors(api: GraphQLClient) -> None:
    admin = await _admin(api)
    ok = await admin.run("ImportBankStatement", input={"statement": statement_02([Entry("E", "1.00")]).decode()})
    assert ok["data"]["importBankStatement"]["errors"] == []
    cases = {
        "STATEMENT_INVALID": {"statement": "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>"},
        "WRONG_ACCOUNT": {"statement": statement_02([Entry("E", "1.00")], iban="BE68539007547034").decode()},
    }
    for code, given in cases.items():
        body = await admin.run("ImportBankStatement", input=given)
        assert codes(body["data"]["importBankStatement"]) == [code]
    bad64 = await admin.run("ImportBankStatement", input={"statement": "***", "encoding": "BASE64"})
    assert codes(bad64["data"]["importBankStatement"]) == ["STATEMENT_INVALID"]


async def test_a_huge_statement_is_refused_before_anything_reads_it(api: GraphQLClient) -> None:
    admin = await _admin(api)
    huge = "<a>" + "x" * (2 * 1024 * 1024) + "</a>"
    query = OPERATIONS["ImportBankStatement"]
    response = await api.http.post(
        "/graphql",
        json={"query": query, "variables": {"input": {"statement": huge}}},
        headers={"Authorization": f"Bearer {admin.token}"},
    )
    assert response.status_code == 413
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["REQUEST_TOO_LARGE"]


@pytest.mark.parametrize(("role", "code"), [(None, "UNAUTHENTICATED"), (Role.CITIZEN, "FORBIDDEN")])
async def test_only_admins_import_resolve_and_mark_paid(api: GraphQLClient, role: Role | None, code: str) -> None:
    client = api if role is None else await api.as_user(await make_user(role))
    pledge = await make_pledge()
    pledge_id, line_id = encode("Pledge", pledge.id), encode("StatementLine", 1)
    attempts = [
        ("ImportBankStatement", {"input": {"statement": "<x/>"}}),
        ("ResolveStatementLine", {"input": {"lineId": line_id}}),
        ("MarkPledgePaid", {"input": {"pledgeId": pledge_id}}),
        ("UnmatchedStatementLines", {}),
    ]
    for operation, variables in attempts:
        assert top_codes(await client.run(operation, **variables)) == [code], operation
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PENDING_PAYMENT


async def test_an_admin_marks_a_pledge_paid(api: GraphQLClient) -> None:
    admin = await _admin(api)
    pledge = await make_pledge()
    body = await admin.run("MarkPledgePaid", input={"pledgeId": encode("Pledge", pledge.id)})
    assert body["data"]["markPledgePaid"] == {"pledgeId": encode("Pledge", pledge.id), "errors": []}
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.PAID
    assert not await StatementLine.filter(status=LineStatus.RESOLVED).exists()


async def test_the_backer_starts_an_online_payment(api: GraphQLClient, mollie: FakeMollie) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    me = await api.as_user(backer)
    assert (await me.run("OnlinePaymentsEnabled"))["data"]["onlinePaymentsEnabled"] is True
    body = (await me.run("StartOnlinePayment", input={"pledgeId": encode("Pledge", pledge.id)}))["data"]
    assert body["startOnlinePayment"]["checkoutUrl"].startswith("https://www.mollie.com/checkout/")
    other = await api.as_user(await make_user(name="Autre"))
    refused = (await other.run("StartOnlinePayment", input={"pledgeId": encode("Pledge", pledge.id)}))["data"]
    assert codes(refused["startOnlinePayment"]) == ["NOT_FOUND"]
    assert top_codes(await api.run("StartOnlinePayment", input={"pledgeId": encode("Pledge", pledge.id)})) == [
        "UNAUTHENTICATED"
    ]


async def test_without_mollie_the_online_option_is_off(api: GraphQLClient) -> None:
    backer = await make_user()
    pledge = await make_pledge(backer=backer, method=PaymentMethod.ONLINE)
    me = await api.as_user(backer)
    assert (await me.run("OnlinePaymentsEnabled"))["data"]["onlinePaymentsEnabled"] is False
    body = (await me.run("StartOnlinePayment", input={"pledgeId": encode("Pledge", pledge.id)}))["data"]
    assert codes(body["startOnlinePayment"]) == ["ONLINE_PAYMENTS_OFF"]


async def test_a_transfer_refund_through_the_api(api: GraphQLClient) -> None:
    admin = await _admin(api)
    backer = await make_user()
    pledge = await make_pledge(backer=backer, amount_cents=3000)
    await RefundInstruction.create(pledge_id=pledge.id, backer_id=backer.id, amount_cents=3000)
    await Pledge.filter(id=pledge.id).update(status=PledgeStatus.REFUND_PENDING)
    (todo,) = (await admin.run("TransferRefundsToDo"))["data"]["transferRefundsToDo"]
    assert (todo["pledgeId"], todo["iban"], todo["amountCents"]) == (encode("Pledge", pledge.id), "", 3000)
    early = (await admin.run("MarkRefundDone", input={"refundId": todo["id"]}))["data"]["markRefundDone"]
    assert codes(early) == ["REQUIRED"]

    me = await api.as_user(backer)
    account = {"pledgeId": encode("Pledge", pledge.id), "accountHolder": "Marie Dupont"}
    wrong = (await me.run("GiveRefundAccount", input={**account, "iban": "BE00"}))["data"]["giveRefundAccount"]
    assert codes(wrong) == ["INVALID_IBAN"]
    given = (await me.run("GiveRefundAccount", input={**account, "iban": "BE68 5390 0754 7034"}))["data"]
    assert given["giveRefundAccount"]["refund"]["iban"] == "BE68539007547034"
    done = (await admin.run("MarkRefundDone", input={"refundId": todo["id"]}))["data"]["markRefundDone"]
    assert done["errors"] == [] and done["refund"]["doneAt"] is not None
    assert (await Pledge.get(id=pledge.id)).status is PledgeStatus.REFUNDED


@pytest.mark.parametrize(("role", "code"), [(None, "UNAUTHENTICATED"), (Role.CITIZEN, "FORBIDDEN")])
async def test_only_admins_see_and_mark_refunds(api: GraphQLClient, role: Role | None, code: str) -> None:
    client = api if role is None else await api.as_user(await make_user(role))
    assert top_codes(await client.run("TransferRefundsToDo")) == [code]
    refund_id = encode("TransferRefund", 1)
    assert top_codes(await client.run("MarkRefundDone", input={"refundId": refund_id})) == [code]
