"""Errors the CLI shows to users as one line (no traceback)."""


class UserError(Exception):
    """A problem the user can fix; printed as one line."""
