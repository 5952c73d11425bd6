"""What comes in: reading files safely (encoding, BOM, size limits) and
extracting prose from Markdown, HTML, Word and plain text."""
