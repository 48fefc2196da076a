"""kg: knowledge graphs from news articles.

The verbs of the Python API (``kg.build``, ``kg.query``, ``kg.export``) are imported lazily so
that importing one pipeline stage does not load spaCy, Oxigraph and pyvis.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build", "export", "query"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in __all__:
        from kg import api

        return getattr(api, name)
    raise AttributeError(name)
