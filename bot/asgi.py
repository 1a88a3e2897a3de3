"""ASGI entry for uvicorn workers: `uvicorn --factory bot.asgi:create`."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from bot.app import create_app
from bot.settings import load_settings


def create() -> FastAPI:
    """Build the app from the environment of the worker process."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return create_app(load_settings())
