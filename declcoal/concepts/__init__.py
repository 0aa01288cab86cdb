"""Solution concepts: one module per concept, pure functions returning result dataclasses."""
