"""Rule packs as data: the rule model, YAML loading and validation, the rules
reference. Knows nothing of the engine that runs the rules."""

from .load import builtin_rules_dir, load_locale_pairs, load_packs
from .model import Example, Near, Pack, PackError, Rule, StoryType, Suggestion
from .validate import parse_pack

__all__ = [
    "Example",
    "Near",
    "Pack",
    "PackError",
    "Rule",
    "StoryType",
    "Suggestion",
    "builtin_rules_dir",
    "load_locale_pairs",
    "load_packs",
    "parse_pack",
]
