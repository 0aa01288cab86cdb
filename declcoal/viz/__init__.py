"""Pictures (optional extra ``plot``: matplotlib is imported lazily)."""
from __future__ import annotations

from ..errors import UnsupportedError


def pyplot():
    """matplotlib's pyplot on the file-only Agg backend, or a one-line error naming the
    extra that installs it."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise UnsupportedError("plotting needs matplotlib: pip install 'declcoal[plot]'") from exc
    return plt
