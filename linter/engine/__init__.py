"""The pure core that runs rules over text: scanning, quotes, context,
suggestion rendering, inline suppressions. Prints nothing, touches no file."""

from .pipeline import (
    CheckTimeout,
    Engine,
    analyse,
    analyse_story,
    check_document,
    check_text,
    get_engine,
    story_reading,
)

__all__ = [
    "CheckTimeout",
    "Engine",
    "analyse",
    "analyse_story",
    "check_document",
    "check_text",
    "get_engine",
    "story_reading",
]
