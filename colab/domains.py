"""The domains plugged into the lab's shared machinery: importing this module registers every review subject
(moderation.registry) and every event subscriber. The app, the CLI and the tests import it at startup, and
colab.events.HANDLER_MODULES names it, so nothing is published or queued before it is loaded; a new domain
adds its lines here."""

# ruff: noqa: F401
from __future__ import annotations

import colab.accounts.mail
import colab.accounts.reset
import colab.challenges.review
import colab.events.replay
import colab.funding.card
import colab.funding.fund_subscribers
import colab.funding.matching
import colab.funding.pledges
import colab.funding.review
import colab.funding.settlement
import colab.funding.subscribers
import colab.ideas.review
import colab.notifications.emails
import colab.notifications.subscribers
import colab.payments.refunds
import colab.payments.subscribers
import colab.payments.transfers
import colab.projects.review
import colab.projects.subscribers
import moderation.appeal_review
import moderation.jobs
import moderation.report_review
