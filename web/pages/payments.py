"""Payment pages: the transfer instructions and their QR code, the return from Mollie, the backer's refund
account, the admins' finance page (statement import, lines to resolve, refunds to send) and Mollie's webhook."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from colab.errors import ColabError, ErrorCode
from colab.funding.models import PLEDGE_STATUS_LABELS
from colab.payments.camt import invalid
from colab.payments.gateway import GatewayError
from colab.payments.models import LINE_STATUS_LABELS
from colab.payments.online import apply_webhook, payment_of_pledge, payments_given_back, start_online_payment
from colab.payments.reconciliation import import_statement, recent_statements, resolve_line, unmatched_lines
from colab.payments.refunds import give_refund_account, mark_refund_done, refund_of_pledge, refunds_to_do
from colab.payments.settings import payment_settings
from colab.payments.structured import display
from colab.payments.transfers import euros_fr, instructions_for
from web.csrf import checked_form
from web.pages.rendering import field_errors, path_id, refuse, render, to_login
from web.session import current_actor, flash

#: the finance page's upload form posts here (web/app.py gives this path a larger body limit)
STATEMENT_UPLOAD = "/finances/releve"


async def transfer_page(request: Request) -> Response:
    """The backer's transfer instructions (the partial payments/transfer.html, also used by the pledge page)."""
    try:
        instructions = await instructions_for(await current_actor(request), path_id(request, "pledge_id"))
    except ColabError as error:
        return refuse(request, error)
    return await render(request, "payments/transfer_page.html", {"instructions": instructions})


async def qr_code(request: Request) -> Response:
    """The EPC QR code as an image, only for the backer (it carries the pledge's communication)."""
    try:
        instructions = await instructions_for(await current_actor(request), path_id(request, "pledge_id"))
    except ColabError as error:
        return refuse(request, error)
    headers = {"Cache-Control": "private, no-store", "Content-Disposition": "inline"}
    return Response(instructions.qr_svg, media_type="image/svg+xml", headers=headers)


async def pay_online(request: Request) -> Response:
    """The « Payer en ligne » button: to Mollie's checkout."""
    actor = await current_actor(request)
    await checked_form(request)
    pledge_id = path_id(request, "pledge_id")
    try:
        checkout = await start_online_payment(actor, pledge_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        flash(request, error.message)
        return RedirectResponse(f"/soutiens/{pledge_id}/retour", status_code=303)
    return RedirectResponse(checkout, status_code=303)


async def return_page(request: Request) -> Response:
    """Where Mollie sends the backer back: the pledge's state (the webhook may not have come yet)."""
    try:
        pledge, payment = await payment_of_pledge(await current_actor(request), path_id(request, "pledge_id"))
    except ColabError as error:
        return refuse(request, error)
    context = {
        "pledge": pledge,
        "payment": payment,
        "status_label": PLEDGE_STATUS_LABELS[pledge.status],
        "amount": euros_fr(pledge.amount_cents),
    }
    return await render(request, "payments/return.html", context)


async def mollie_webhook(request: Request) -> Response:
    """Mollie posts only `id`: we fetch the payment ourselves. Unknown ids get the same empty 200 (nothing
    leaks); when Mollie cannot be reached we answer 503 so that it calls again later."""
    form = await request.form()
    payment_id = form.get("id")
    if isinstance(payment_id, str) and len(payment_id) <= 64:
        try:
            await apply_webhook(payment_id)
        except GatewayError:
            return PlainTextResponse("", status_code=503)
    return PlainTextResponse("", status_code=200)


async def refund_account(request: Request) -> Response:
    """The backer gives the IBAN their transfer is refunded to."""
    actor = await current_actor(request)
    if actor.user_id is None:
        return to_login(request)
    pledge_id = path_id(request, "pledge_id")
    refund = await refund_of_pledge(actor, pledge_id)
    if refund is None:
        raise HTTPException(404, "Aucun remboursement par virement n'attend votre compte pour ce soutien.")
    values = {"iban": refund.iban, "account_holder": refund.account_holder}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = await checked_form(request)
        values = {name: str(form.get(name, "")) for name in ("iban", "account_holder")}
        try:
            await give_refund_account(actor, pledge_id, values["iban"], values["account_holder"])
        except ColabError as error:
            errors = field_errors(error)
        else:
            flash(request, "Merci : nous vous remboursons sur ce compte.")
            return RedirectResponse(f"/soutiens/{pledge_id}/remboursement", status_code=303)
    context = {"refund": refund, "values": values, "errors": errors, "amount": euros_fr(refund.amount_cents)}
    return await render(request, "payments/refund_account.html", context, 422 if errors else 200)


async def finances(request: Request, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    """The admins' finance page: import a statement, resolve lines, send refunds."""
    actor = await current_actor(request)
    try:
        lines = await unmatched_lines(actor)
        refunds = await refunds_to_do(actor)
        statements = await recent_statements(actor)
        given_back = await payments_given_back(actor)
    except ColabError as error:
        return refuse(request, error)
    context = {
        "lines": lines,
        "refunds": refunds,
        "statements": statements,
        "given_back": given_back,
        "errors": errors or {},
        "euros": euros_fr,
        "structured": display,
        "LINE_STATUS_LABELS": LINE_STATUS_LABELS,
        "max_mib": payment_settings().statement_max_bytes // (1024 * 1024),
    }
    return await render(request, "payments/finances.html", context, status)


async def upload_statement(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    try:
        upload = form.get("statement")
        data = await upload.read() if isinstance(upload, UploadFile) else b""
    finally:
        await form.close()  # the spooled temporary file
    try:
        if not data:
            raise invalid("Choisissez le fichier CAMT.053 exporté par la banque.")
        result = await import_statement(actor, data)
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await finances(request, field_errors(error), 422)
    if result.already_imported:
        flash(request, f"Le relevé {result.statement.statement_id} avait déjà été importé : rien n'a changé.")
    else:
        flash(
            request,
            f"Relevé {result.statement.statement_id} importé : {result.matched} paiement(s) rapproché(s), "
            f"{result.unmatched} ligne(s) à traiter.",
        )
    return RedirectResponse("/finances", status_code=303)


async def resolve(request: Request) -> Response:
    actor = await current_actor(request)
    form = await checked_form(request)
    line_id = path_id(request, "line_id")
    raw = str(form.get("pledge_id", "")).strip()
    ignore = form.get("action") == "ignore"
    try:
        if not ignore and not raw.isdigit():
            raise ColabError(ErrorCode.REQUIRED, "Indiquez le numéro du soutien que cette ligne paie.", "pledgeId")
        await resolve_line(actor, line_id, None if ignore else int(raw))
    except ColabError as error:
        if error.is_access_error:
            return refuse(request, error)
        return await finances(request, {f"line-{line_id}": error.message}, 422)
    flash(request, "Ligne écartée." if ignore else f"Ligne attribuée au soutien n° {raw}.")
    return RedirectResponse("/finances", status_code=303)


async def refund_done(request: Request) -> Response:
    actor = await current_actor(request)
    await checked_form(request)
    refund_id = path_id(request, "refund_id")
    try:
        await mark_refund_done(actor, refund_id)
    except ColabError as error:
        if error.is_access_error or error.code is ErrorCode.NOT_FOUND:
            return refuse(request, error)
        return await finances(request, {f"refund-{refund_id}": error.message}, 422)
    flash(request, "Remboursement marqué comme fait.")
    return RedirectResponse("/finances", status_code=303)


ROUTES: list[BaseRoute] = [
    Route("/soutiens/{pledge_id:int}/virement", transfer_page, name="pledge_transfer"),
    Route("/soutiens/{pledge_id:int}/qr.svg", qr_code, name="pledge_qr"),
    Route("/soutiens/{pledge_id:int}/payer", pay_online, methods=["POST"], name="pledge_pay_online"),
    Route("/soutiens/{pledge_id:int}/retour", return_page, name="pledge_return"),
    Route("/soutiens/{pledge_id:int}/remboursement", refund_account, methods=["GET", "POST"], name="pledge_refund"),
    Route("/paiements/mollie/webhook", mollie_webhook, methods=["POST"], name="mollie_webhook"),
    Route("/finances", finances, name="finances"),
    Route(STATEMENT_UPLOAD, upload_statement, methods=["POST"], name="finances_statement"),
    Route("/finances/lignes/{line_id:int}", resolve, methods=["POST"], name="finances_line"),
    Route("/finances/remboursements/{refund_id:int}/fait", refund_done, methods=["POST"], name="finances_refund"),
]
