"""A project's setting: config files, baseline, the runner that walks paths
and checks them (in parallel), streaming large files, the rule-example runner,
starter files."""
