"""The young person's choice: suggestions, proposals, the choice itself and the matches."""
