"""ASGI middleware at the door of /api/: the origin allow-list, the body-size limit and UTF-8 bodies, as JSON errors."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.api.errors import error_response


class OriginGate:
    """Refuse /api/ requests a browser sends from a site not on the allow-list (403 JSON); same origin passes."""

    def __init__(self, app: ASGIApp, allowed: tuple[str, ...]) -> None:
        self.app, self.allowed = app, set(allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            headers = _headers(scope)
            origin = headers.get("origin", "").rstrip("/")
            own = f"{scope.get('scheme', 'http')}://{headers.get('host', '')}"
            if origin and origin != own and origin not in self.allowed:
                response = error_response(403, "origin_not_allowed", f"This API does not answer pages on {origin}. "
                                          "The studio adds its website to ASSISTANT_ALLOWED_ORIGINS.")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class BodyGate:
    """Read an /api/ request body whole, up to `limit` bytes (413 beyond), and refuse bytes that aren't UTF-8 (400).

    The body is read before the app sees it, so a refusal is a clean JSON error, never half a stream.
    Bodies are small (a chat message), so holding one in memory is fine.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        declared = _headers(scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self._too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self._too_large(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            response = error_response(400, "invalid_utf8", f"The request body is not valid UTF-8 text (byte "
                                      f"{exc.start}). Send the message as UTF-8 JSON.")
            await response(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(413, "too_large", f"The request is larger than {self.limit:,} bytes. "
                                  "Send a shorter message.")
        await response(scope, receive, send)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
