"""Analysis functions the report's notebooks call; each reads published tables only."""
