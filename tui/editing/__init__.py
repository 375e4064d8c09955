"""Writes to PostHog: which form edits what, the write operations and the undo journal."""
