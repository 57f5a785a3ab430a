"""Pydantic models: content files (content.py) and what the API takes and gives (api.py)."""
