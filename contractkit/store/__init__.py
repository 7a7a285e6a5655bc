"""The project repository: commits, change records, signatures and tags (git is the store)."""
