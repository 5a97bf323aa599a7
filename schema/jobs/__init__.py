"""GraphQL surface of scheduled jobs: `jobRuns`, `runJob`."""
