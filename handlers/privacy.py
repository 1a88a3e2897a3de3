"""Personal data (PDPA): "ลบข้อมูลของฉัน" forgets a person; periodic duties age out old traffic
data and delete published files whose links have expired."""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any, Protocol, runtime_checkable

from handlers import privacy_texts as texts
from handlers.context import Context
from handlers.flow import Data, Done, Flow, Leave, Step, StepResult
from handlers.messages import Choice, Message, Text
from handlers.router import Router
from handlers.turn import Turn
from knowledge.normalize import normalize
from models.privacy import apply_retention, forget_user, photo_names, retention_cutoff

log = logging.getLogger(__name__)
CONFIRM_SECONDS = 600
RETENTION_EVERY_SECONDS = 3600.0
PRIVATE_FILE = "private-"


@runtime_checkable
class PersonConversations(Protocol):
    """`ctx.conversations` in a chat (bot/dispatcher.ConversationAccess) can drop all of a person's flows."""

    def forget_person(self, user_id: str) -> list[dict[str, Any]]:
        """Delete the person's conversations in every chat; the data they held."""
        ...


@runtime_checkable
class CurrentConversation(Protocol):
    """`ctx.conversations` in a chat can read the data of the flow in progress."""

    def data(self) -> dict[str, Any] | None:
        """The data of this chat's flow in progress, if any."""
        ...


@runtime_checkable
class StoredFiles(Protocol):
    """`ctx.files` (bot/files.PublicFiles) can delete files and purge those whose links expired."""

    def delete(self, name: str) -> bool:
        """Delete one published file; True when it was there."""
        ...

    def purge_expired(self, *, keep_seconds: float, now: float | None = None) -> list[str]:
        """Delete private files whose last link expired more than keep_seconds ago; their names."""
        ...
KEYWORDS = ("ลบข้อมูลของฉัน", "ลบข้อมูลของผม", "ลบข้อมูลของหนู", "ลบข้อมูลฉัน", "ลบข้อมูลผม",
            "ลบข้อมูลส่วนตัว", "ลบข้อมูลส่วนบุคคล", "forget me", "delete my data")


def _owner(line_user_id: str) -> str:
    """A short tag binding a confirm button to the person it was shown to."""
    return hashlib.sha256(line_user_id.encode()).hexdigest()[:12]


FLOW = "forget"


def ask_forget(turn: Turn, ctx: Context) -> list[Message]:
    """Explain what will be removed and what kept; wait for a confirmation (tapped or typed)."""
    ctx.note("forget_me")
    if turn.in_group:
        return [Text(texts.PRIVATE_ONLY)]
    if not turn.user_id:
        ctx.note(answered=False)
        return [Text(texts.NO_USER)]
    data: dict[str, Any] = {"forget": True, "u": _owner(turn.user_id), "t": int(ctx.now.timestamp())}
    if _other_flow_waiting(ctx):  # keep that flow: only the buttons confirm (a typed "no" could not reach us)
        return _ask_confirm(ctx, data)
    return ctx.conversations.start(FLOW, data=data)


def _other_flow_waiting(ctx: Context) -> bool:
    current = ctx.conversations.data() if isinstance(ctx.conversations, CurrentConversation) else None
    return current is not None and not current.get("forget")


def _ask_confirm(ctx: Context, data: Data) -> list[Message]:
    postback = ctx.postback("privacy.forget", u=str(data.get("u", "")), t=int(data.get("t", 0)))
    return [Text(texts.ASK_CONFIRM, choices=(
        Choice(texts.CONFIRM_LABEL, data=postback, display_text=texts.CONFIRM_LABEL),
        Choice(texts.KEEP_LABEL, data=ctx.postback("privacy.keep"), display_text=texts.KEEP_LABEL),
    ))]


def _accept_typed(turn: Turn, ctx: Context, data: Data) -> StepResult:
    """A typed yes forgets (this is the person's own 1:1 chat, within the flow's 10 minutes), a typed
    no keeps; anything else is another question and is answered as usual."""
    said = normalize(turn.text or "").rstrip("!. ")
    if said in texts.TYPED_CONFIRM and turn.user_id and data.get("u") == _owner(turn.user_id):
        return Done(say=tuple(_forget(turn, ctx)))
    if said in texts.TYPED_KEEP:
        ctx.note("forget_me.kept")
        return Done(say=(Text(texts.KEPT),))
    return Leave()


FORGET_FLOW = Flow(
    name=FLOW,
    steps={"confirm": Step(_ask_confirm, _accept_typed)},
    on_cancel=lambda ctx, data: [Text(texts.KEPT)],
    on_timeout=lambda ctx, data: [Text(texts.EXPIRED)],
    timeout_seconds=CONFIRM_SECONDS,
)


def confirm_forget(turn: Turn, ctx: Context) -> list[Message]:
    """The confirm button: remove or anonymise the person's personal data now (one transaction)."""
    params = turn.postback_params
    if turn.in_group or not turn.user_id:
        ctx.note("forget_me.refused", answered=False)
        return [Text(texts.PRIVATE_ONLY)]
    if params.get("u") != _owner(turn.user_id):
        ctx.note("forget_me.refused", answered=False)
        return [Text(texts.NOT_YOURS)]
    try:
        issued = int(params.get("t", "0"))
    except ValueError:
        issued = 0
    if ctx.now.timestamp() - issued > CONFIRM_SECONDS:
        ctx.note("forget_me.expired", answered=False)
        return [Text(texts.EXPIRED)]
    return _forget(turn, ctx)


def _forget(turn: Turn, ctx: Context) -> list[Message]:
    assert turn.user_id
    summary = forget_user(turn.user_id, db_session=ctx.db_session, office_id=None, current_event_id=turn.event_id)
    photos = list(summary.files)
    if isinstance(ctx.conversations, PersonConversations):  # their flows here and in groups and rooms
        for data in ctx.conversations.forget_person(turn.user_id):
            photos += photo_names(data)  # a report still being written: its photos are theirs too
    ctx.conversations.end()
    deleted = _delete_files(ctx, photos)
    ctx.user = None
    ctx.interaction.anonymous = True  # this very turn is logged without the LINE id and the text
    ctx.note("forget_me.done", rows=summary.total(), files=deleted)
    log.info("personal data forgotten on request (%d rows changed, %d files deleted)", summary.total(), deleted)
    return [Text(texts.DONE)]


def _delete_files(ctx: Context, names: list[str]) -> int:
    """Delete the person's published photos (only private files: nothing public is touched)."""
    if not isinstance(ctx.files, StoredFiles):
        return 0
    deleted = 0
    for name in dict.fromkeys(names):
        if name.startswith(PRIVATE_FILE):
            try:
                deleted += ctx.files.delete(name)
            except OSError:
                log.warning("could not delete a forgotten person's file", exc_info=True)
    return deleted


def keep(turn: Turn, ctx: Context) -> list[Message]:
    """The person changed their mind."""
    if not _other_flow_waiting(ctx):
        ctx.conversations.end()
    ctx.note("forget_me.kept")
    return [Text(texts.KEPT)]


class _Hourly:
    """A periodic duty that does its work at most once per `every_seconds` in this process."""

    __name__ = "duty"

    def __init__(self, every_seconds: float = RETENTION_EVERY_SECONDS) -> None:
        self.every_seconds = every_seconds
        self._last = float("-inf")

    def __call__(self, ctx: Context) -> None:
        """Run the work when due; a failed run is tried again at the next round (the work is idempotent)."""
        now = time.monotonic()
        if now - self._last < self.every_seconds:
            return
        self.work(ctx)
        self._last = now

    def work(self, ctx: Context) -> None:
        """The duty's work."""
        raise NotImplementedError


class RetentionDuty(_Hourly):
    """Periodic duty: null texts and LINE ids older than the retention period (≥ 90 days)."""

    __name__ = "privacy_retention"

    def work(self, ctx: Context) -> None:
        """Remove the personal parts of rows older than the retention period."""
        cutoff = retention_cutoff(ctx.now, ctx.settings.interaction_retention_days)
        summary = apply_retention(cutoff, db_session=ctx.db_session, office_id=ctx.settings.office_id)
        if summary.total():
            log.info("retention: personal parts of %d old rows removed (older than %s)",
                     summary.total(), cutoff.date().isoformat())


class FileRetentionDuty(_Hourly):
    """Periodic duty: delete private published files (incident photos, report downloads) once
    their last signed link expired `KHETBOT_FILE_KEEP_DAYS` ago; a link still valid keeps working."""

    __name__ = "file_retention"

    def work(self, ctx: Context) -> None:
        """Delete the files whose links expired long enough ago (processes may overlap: idempotent)."""
        if not isinstance(ctx.files, StoredFiles):
            return
        keep_seconds = max(0.0, float(ctx.settings.file_keep_days)) * 86_400
        removed = ctx.files.purge_expired(keep_seconds=keep_seconds)
        if removed:
            log.info("retention: %d published files deleted (links expired)", len(removed))


def register(router: Router) -> None:
    """Add the personal-data routes and the retention duties."""
    router.add_flow(FORGET_FLOW)
    router.keyword(*KEYWORDS, anywhere=True)(ask_forget)
    router.intent("forget_me")(ask_forget)
    router.postback("privacy.forget")(confirm_forget)
    router.postback("privacy.keep")(keep)
    router.periodic.append(RetentionDuty())
    router.periodic.append(FileRetentionDuty())
