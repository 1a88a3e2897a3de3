"""Greeting, help menu, thanks, follow/unfollow/join and the polite fallback."""

from __future__ import annotations

from handlers import texts
from handlers.context import Context
from handlers.messages import Choice, Message, Text
from handlers.router import Handler, Router
from handlers.turn import Turn
from knowledge.smalltalk import smalltalk_kind


def menu(ctx: Context | None = None) -> tuple[Choice, ...]:
    """Quick replies for what the bot can do (staff also get their own; the registered, no registering)."""
    items: tuple[tuple[str, str], ...] = texts.MENU
    if ctx is not None and ctx.user is not None and ctx.user.role in ("staff", "school"):
        items = tuple(i for i in texts.MENU if i[1] != "ลงทะเบียน")
    if ctx is not None and ctx.is_staff:
        items = texts.STAFF_MENU + items
    return tuple(Choice(label=label, text=text) for label, text in items)


def greet(turn: Turn, ctx: Context) -> list[Message]:
    """Say hello and show the menu."""
    ctx.note("greeting")
    return [Text(_for_staff(texts.GREETING.format(office=ctx.settings.office_name), ctx), menu(ctx))]


def help_menu(turn: Turn, ctx: Context) -> list[Message]:
    """What the bot can do."""
    ctx.note("help")
    return [Text(_for_staff(texts.HELP.format(office=ctx.settings.office_name), ctx), menu(ctx))]


def _for_staff(text: str, ctx: Context) -> str:
    return text + texts.STAFF_HELP if ctx.is_staff else text


def thanks(turn: Turn, ctx: Context) -> list[Message]:
    """You're welcome."""
    ctx.note("thanks")
    return [Text(texts.THANKS, menu(ctx))]


def smalltalk(turn: Turn, ctx: Context) -> list[Message]:
    """A laugh, an OK, a goodbye or emoji only: a short friendly reply, no menu."""
    kind = smalltalk_kind(turn.text or "") or "emoji"
    ctx.note("smalltalk", kind=kind)
    return [Text(texts.SMALLTALK[kind])]


def fallback(turn: Turn, ctx: Context) -> list[Message]:
    """Say politely that the question was not understood, and offer the menu."""
    ctx.note(answered=False)
    return [Text(texts.FALLBACK, menu(ctx))]


def fallback_after_rescues(router: Router) -> Handler:
    """The fallback, after every rescue route had its chance to answer the turn."""
    def run(turn: Turn, ctx: Context) -> list[Message]:
        for rescue in router.rescues:
            answer = rescue(turn, ctx)
            if answer is not None:
                return answer
        return fallback(turn, ctx)
    return run


def follow(turn: Turn, ctx: Context) -> list[Message]:
    """A new follower: mark them as following and greet them by name."""
    if ctx.user is not None:
        ctx.user.following = True
    name = (ctx.user.display_name if ctx.user and ctx.user.display_name else "").strip()
    greeting = texts.GREETING.format(office=ctx.settings.office_name)
    text = texts.FOLLOW_THANKS.format(name=name) + "\n" + greeting if name else greeting
    return [Text(text, menu())]


def unfollow(turn: Turn, ctx: Context) -> list[Message]:
    """They blocked the account: stop sending them notices."""
    if ctx.user is not None:
        ctx.user.following = False
    return []


def joined(turn: Turn, ctx: Context) -> list[Message]:
    """Added to a group: explain how to call the bot there."""
    return [Text(texts.JOINED_GROUP)]


def sticker(turn: Turn, ctx: Context) -> list[Message]:
    """Answer a sticker kindly."""
    return [Text(texts.STICKER, menu(ctx))]


def location(turn: Turn, ctx: Context) -> list[Message]:
    """A location outside any conversation."""
    return [Text(texts.LOCATION)]


def media(turn: Turn, ctx: Context) -> list[Message]:
    """An image/file outside any conversation."""
    return [Text(texts.MEDIA)]


def register(router: Router) -> None:
    """Add the general routes."""
    router.keyword("สวัสดี", "สวัสดีครับ", "สวัสดีค่ะ", "หวัดดี", "hello", "hi")(greet)
    router.keyword("เมนู", "menu", "help", "วิธีใช้งาน", "ช่วยเหลือ", "?")(help_menu)
    router.intent("greeting")(greet)
    router.intent("help")(help_menu)
    router.intent("thanks")(thanks)
    router.intent("smalltalk")(smalltalk)
    router.event("follow")(follow)
    router.event("unfollow")(unfollow)
    router.event("join")(joined)
    router.event("sticker")(sticker)
    router.event("location")(location)
    router.event("image", "video", "audio", "file")(media)
    router.fallback = fallback_after_rescues(router)
