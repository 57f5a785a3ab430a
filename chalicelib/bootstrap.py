"""The composition root: what the web layer is handed, put together once when the app is created (`app.py`).

Content comes from the store the settings name (read on first use, so a test stage's settings apply), through the
runtime's cache with last-known-good and the baked fallback (`runtime/provider.py`). The web layer only asks for
the catalog (`web/served.py`).
"""

from chalicelib.runtime import provider
from chalicelib.web import served


def bootstrap() -> None:
    served.serve(served.Content(current=provider.current_catalog, held=provider.served_catalog))
