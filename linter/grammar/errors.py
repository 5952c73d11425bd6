"""Exceptions of the grammar layer, kept apart so importing them costs nothing."""


class GrammarUnavailable(RuntimeError):
    """LanguageTool cannot be used right now; ``reason`` is one line for stderr."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class InstallError(RuntimeError):
    """Provisioning LanguageTool failed; the message says what to install or fix."""
