"""`khetbot knowledge reload`: check the manual content and tell running servers to reload it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `knowledge` commands."""
    knowledge_app = typer.Typer(help="The manual knowledge base", no_args_is_help=True)
    app.add_typer(knowledge_app, name="knowledge")

    @knowledge_app.command("reload")
    def reload(content_dir: Annotated[Path | None, typer.Option(help="check this content folder")] = None) -> None:
        """Validate the manual content and make every running server rebuild its index (no restart)."""
        from bot.cli import open_db, settings_or_exit
        from knowledge.manual import ManualIndex
        from knowledge.manual.model import ContentError
        from models.meta import MANUAL_VERSION, bump
        settings = settings_or_exit()
        try:
            index = ManualIndex.load(content_dir or settings.manual_dir)
        except ContentError as exc:
            typer.echo(f"manual content is invalid: {exc}", err=True)
            raise typer.Exit(1) from exc
        engine, sessions = open_db(settings)
        with sessions() as s:
            version = bump(MANUAL_VERSION, db_session=s)
            s.commit()
        engine.dispose()
        typer.echo(f"manual OK: {len(index.processes)} processes; servers reload it within seconds (v{version})")
