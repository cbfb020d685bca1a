"""The website's JSON API and chat widget: FastAPI app, served by uvicorn (`python -m assistant.api`)."""

from assistant.api.app import create_app

__all__ = ["create_app"]
