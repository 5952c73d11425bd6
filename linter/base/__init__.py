"""The lowest layer: the finding model, offsets, inflection, run settings, the
on-disk cache and RE2 options. Imports nothing else from copydesk."""
