"""Pydantic models of the JSON API: what it takes (requests.py), what it gives (views.py) and its problem details
(problems.py). The content models are the core's (chalicelib/core/content.py)."""
