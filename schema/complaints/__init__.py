"""GraphQL surface of enterprise complaints (企业诉求) and enterprises (企业)."""
