"""The editor's tools that change a project: taking in a source, fetching it, refreshing it."""
