"""The routing table, composed explicitly from each capability's `register`."""

from __future__ import annotations

from typing import Any

from bot.knowledge_state import KnowledgeState
from handlers import account, data, evaluation, incident, manual, notice, privacy
from handlers import help as help_handlers
from handlers.context import Context
from handlers.router import Router


def build_router() -> Router:
    """Every capability's routes, in one place."""
    router = Router()
    help_handlers.register(router)
    data.register(router)
    account.register(router)
    manual.register(router)
    incident.register(router)
    privacy.register(router)
    notice.register(router)
    evaluation.register(router)
    return router


def make_understand(knowledge: KnowledgeState) -> Any:
    """The dispatcher's understanding step: knowledge.understand with the live vocabulary."""
    from knowledge.understand import understand

    def run(text: str, ctx: Context) -> Any:
        return understand(text, knowledge.vocabulary, latest_year=knowledge.latest_year)
    return run
