"""The worker's side of direct mail: a requested message goes to its person's current address."""

from __future__ import annotations

from colab.accounts.models import User
from colab.accounts.reset import RESET_PATH, PasswordResetRequested, reset_token
from colab.events.consumers import FROM_NOW, consumer
from colab.events.models import Event
from colab.mail.service import MailRequested, send_once
from colab.mail.transport import compose, mail_settings


@consumer("email.requested", MailRequested, replay=FROM_NOW)
async def send_requested_mail(event: MailRequested, row: Event) -> None:
    user = await User.get_or_none(id=event.subject_id)
    if user is None or not user.is_active:
        return
    await send_once(f"event:{row.id}", compose(user.email, event.subject, event.body))


@consumer("email.password_reset", PasswordResetRequested, replay=FROM_NOW)
async def send_reset_link(event: PasswordResetRequested, row: Event) -> None:
    user = await User.get_or_none(id=event.subject_id, is_active=True)
    if user is None:
        return
    settings = mail_settings()
    link = f"{settings.base_url.rstrip('/')}{RESET_PATH}?jeton={reset_token(settings.secret_key, user)}"
    text = "\n".join(
        [
            f"Bonjour {user.display_name},",
            "",
            "Quelqu'un (vous, sans doute) a demandé à changer le mot de passe de votre compte Colab Wallonie.",
            "Pour en choisir un nouveau, ouvrez ce lien dans l'heure (il ne sert qu'une fois) :",
            "",
            link,
            "",
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.",
        ]
    )
    await send_once(f"event:{row.id}", compose(user.email, "Changer votre mot de passe", text))
