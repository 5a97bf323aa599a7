"""GraphQL surface of digests (提醒/周调度/月总结)."""
