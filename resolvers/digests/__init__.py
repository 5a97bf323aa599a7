"""Digests (提醒): queries and the acknowledgement action."""
