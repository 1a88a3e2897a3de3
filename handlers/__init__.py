"""One module per capability; handlers return messages and never call LINE."""
