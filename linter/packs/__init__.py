"""Rule packs as data: the rule model, YAML loading and validation, the reading
cues, the rules reference. Knows nothing of the engine that runs the rules."""

from .load import builtin_rules_dir, load_locale_pairs, load_packs, load_reading_cues
from .model import Example, Near, Pack, PackError, Rule, StoryType, Suggestion
from .readings import ReadingCues, RuleReadings, tokens
from .slots import SlotClass, load_slot_classes
from .validate import parse_pack

__all__ = [
    "Example",
    "Near",
    "Pack",
    "PackError",
    "ReadingCues",
    "Rule",
    "RuleReadings",
    "SlotClass",
    "StoryType",
    "Suggestion",
    "builtin_rules_dir",
    "load_locale_pairs",
    "load_packs",
    "load_reading_cues",
    "load_slot_classes",
    "parse_pack",
    "tokens",
]
