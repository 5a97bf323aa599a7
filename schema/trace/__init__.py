"""The `trace` schema: the accountability chain through any node."""
