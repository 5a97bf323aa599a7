"""GraphQL surface of units (单位)."""
