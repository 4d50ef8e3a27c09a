"""Pure Python: planning, themes, word clouds, the report and the rules. No Flask, no database."""
