"""Rewriting drafts: choosing and applying edits, fixing files and Word
copies safely, interactive review."""
