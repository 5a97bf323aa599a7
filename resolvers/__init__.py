"""What GraphQL fields, jobs and the CLI call: queries, actions (one per mutation), dataloaders."""
