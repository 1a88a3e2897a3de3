"""What a handler gets besides the turn: the DB session, settings, user, knowledge, outbox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from handlers import postback
from handlers.messages import Message, Push

if TYPE_CHECKING:
    from bot.settings import Settings  # a leaf module: the one import of bot/ handlers make
    from handlers.topic import Topic
    from knowledge.manual import ManualIndex
    from knowledge.understand import Understanding
    from knowledge.vocabulary import Vocabulary
    from models.user import User


class Knowledge(Protocol):
    """The current (swappable) knowledge: school vocabulary and the manual index."""

    @property
    def vocabulary(self) -> Vocabulary: ...

    @property
    def manual(self) -> ManualIndex: ...


class Conversations(Protocol):
    """Start or end the multi-step conversation of the current chat."""

    def start(self, flow: str, data: dict[str, Any] | None = None, step: str | None = None) -> list[Message]:
        """Begin `flow` (at its first or the given step) and return its first question."""
        ...

    def end(self) -> None:
        """Forget the chat's conversation."""
        ...


class Files(Protocol):
    """Files the service publishes under PUBLIC_BASE_URL (images, reports)."""

    def publish(self, name: str, content: bytes, *, content_type: str, ttl_seconds: int | None = None) -> str:
        """Store content and return its https URL (signed and expiring when ttl is given)."""
        ...

    def fetch_content(self, message_id: str) -> tuple[bytes, str] | None:
        """Download a user's image/file from LINE's content API (bytes, content type)."""
        ...


@dataclass
class Interaction:
    """What the evaluation log records about this turn (handlers fill it in)."""

    intent: str | None = None
    entities: dict[str, Any] = field(default_factory=dict)
    answered: bool = True
    school_id: int | None = None
    district: str | None = None
    ask_rating: bool = False  # handler says: this was a real answer, a rating may be asked
    anonymous: bool = False  # log this turn without the LINE id and text (a PDPA forget request)


@dataclass
class Context:
    """Everything a handler may use. Handlers never talk to LINE; they return messages."""

    db_session: Session
    settings: Settings
    knowledge: Knowledge
    conversations: Conversations
    files: Files
    now: datetime
    user: User | None = None
    understanding: Understanding | None = None
    interaction: Interaction = field(default_factory=Interaction)
    pushes: list[Push] = field(default_factory=list)
    follow_up: Topic | None = None  # the earlier answer's subject this text follows up on (handlers/topic.py)
    wants_name: bool = False  # a handler needs the user's LINE display name (the bot asks LINE after answering)

    def need_name(self) -> None:
        """Ask for the user's LINE display name, if we have none (for a staff card naming the reporter).

        Only when a handler needs it: a name is personal data, and most questions need none."""
        if self.user is not None and not self.user.display_name:
            self.wants_name = True

    def push(self, to: str | Sequence[str], messages: Sequence[Message], *, purpose: str = "push",
             key: str | None = None) -> None:
        """Queue messages for other chats; they are stored with this turn's work and sent after."""
        ids = [to] if isinstance(to, str) else list(to)
        if ids and messages:
            self.pushes.append(Push(to=ids, messages=list(messages), purpose=purpose, key=key))

    def postback(self, action: str, **params: str | int) -> str:
        """Signed postback data for a button that triggers `action` with these parameters."""
        return postback.sign(self.postback_key, action, **params)

    @property
    def postback_key(self) -> bytes:
        """The key postback data is signed with."""
        return b"khetbot-postback:" + self.settings.secret_bytes()

    def user_ref(self, line_user_id: str) -> str:
        """The pseudonym the evaluation log uses for a LINE id."""
        from models.evaluation import pseudonym
        secret = self.settings.line_channel_secret
        return pseudonym(secret.get_secret_value().encode() if secret else b"", line_user_id)

    @property
    def is_staff(self) -> bool:
        """True when the current user is area-office staff."""
        return self.user is not None and self.user.role == "staff"

    def note(self, intent: str | None = None, *, answered: bool | None = None, **entities: Any) -> None:
        """Record the intent/entities/answered for the evaluation log."""
        if intent is not None:
            self.interaction.intent = intent
        if answered is not None:
            self.interaction.answered = answered
        self.interaction.entities.update({k: v for k, v in entities.items() if v is not None})
