"""The command line: one module per command group, registered in app.py."""

from .app import app, main

__all__ = ["app", "main"]
