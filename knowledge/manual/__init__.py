"""The operations manual as a knowledge base: content, search and answers."""

from knowledge.manual.answers import ManualAnswer
from knowledge.manual.model import (
    ContentError,
    Definition,
    Fact,
    Law,
    ManualContent,
    Process,
    Step,
    load_content,
)
from knowledge.manual.search import ManualIndex

__all__ = [
    "ContentError", "Definition", "Fact", "Law", "ManualAnswer", "ManualContent", "ManualIndex",
    "Process", "Step", "load_content",
]
