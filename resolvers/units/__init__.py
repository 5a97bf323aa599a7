"""Units (单位): queries, actions and loaders."""
