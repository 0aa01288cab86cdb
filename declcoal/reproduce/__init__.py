"""Paper reproductions: the papers' tables and examples recomputed beside their printed values.

They use the concepts rather than being one, so they live beside ``concepts/``, not inside it."""
