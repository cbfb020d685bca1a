"""Every error the API returns is JSON: {"error": {"code", "message"}}, never a stack trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

log = logging.getLogger(__name__)

# Codes a client can act on, by HTTP status, for errors raised below the API (routing, body limit).
_BY_STATUS = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
              415: "unsupported_media_type", 429: "rate_limited", 503: "unavailable"}


class ApiError(Exception):
    """An error to return to the client as JSON with a code, a message and optional headers."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None,
                 **extra: object) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.extra = extra


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   **extra: object) -> JSONResponse:
    """The JSON error body every endpoint shares."""
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status_code=status, headers=headers)


def install(app: FastAPI, max_body_bytes: int) -> None:
    """Register the handlers that turn every failure into a JSON error."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, **exc.extra)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = _BY_STATUS.get(exc.status_code, "error")
        if exc.status_code == 413:
            message = f"The request is larger than {max_body_bytes:,} bytes. Send a shorter message."
        elif exc.status_code == 400:
            message = _bad_body(str(exc.detail))[1]
            code = _bad_body(str(exc.detail))[0]
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "malformed_json", "The request body is not valid JSON.")
        fields = [{"field": ".".join(str(p) for p in e.get("loc", ())[1:]) or "body", "problem": str(e.get("msg"))}
                  for e in errors]
        return error_response(422, "invalid_request", "Some fields are missing or invalid.", fields=fields)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("the API failed on %s %s", request.method, request.url.path)
        return error_response(500, "internal", "Sorry, something went wrong on our side. Please try again.")


def _bad_body(detail: str) -> tuple[str, str]:
    if "utf-8" in detail.lower() or "decode" in detail.lower():
        return "invalid_utf8", "The request body is not valid UTF-8 text."
    if "parsing the body" in detail.lower():
        return "malformed_json", "The request body is not valid JSON."
    return "bad_request", detail
