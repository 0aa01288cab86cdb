"""Pictures (optional extra ``plot``: matplotlib is imported lazily)."""
