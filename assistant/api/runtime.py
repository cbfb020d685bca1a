"""What the API process holds: settings, the Deps (loaded once, off the event loop), conversations, limits."""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

from starlette.concurrency import run_in_threadpool

from assistant.answer import Deps, build_deps
from assistant.api.conversations import Conversations
from assistant.api.errors import ApiError
from assistant.api.limits import RateLimiter
from assistant.config import Settings
from assistant.errors import IndexDamaged, IndexMissing, StoreUnavailable
from assistant.insights import InsightsStore

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
# Answers run on a few threads of their own, not on the event loop nor on anyio's pool of 40: with
# dozens of answers at once, 40 threads of Python fight the event loop for the GIL and the `start`
# event waits seconds. Two threads keep both cores busy (ONNX runs its own threads inside a call);
# answers beyond that queue, and the loop stays free to start every stream at once.
ANSWER_THREADS = 2


class Runtime:
    """The shared state of one API process; `deps()` loads the model and index on first use."""

    def __init__(self, settings: Settings, load: Callable[[Settings], Deps] | None = None,
                 insights: InsightsStore | None = None) -> None:
        self.settings = settings
        self._load = load or build_deps
        self._deps: Deps | None = None
        self._loading = asyncio.Lock()
        self.problem = ""  # why the last load failed, for /healthz
        self.conversations = Conversations(settings.conversation_idle_minutes * 60.0, settings.max_conversations)
        self.chat_limit = RateLimiter(settings.rate_limit_per_minute)
        # Feedback and handoffs are cheap but are writes: a looser limit keeps a script from flooding the store.
        self.write_limit = RateLimiter(max(0, settings.rate_limit_per_minute) * 3)
        self._insights = insights
        self.workers = ThreadPoolExecutor(max_workers=ANSWER_THREADS, thread_name_prefix="answer")

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run blocking work (embedding, Chroma, the database) on the answer threads, off the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.workers, functools.partial(fn, *args, **kwargs))

    @property
    def is_ready(self) -> bool:
        """Whether the model and index are loaded."""
        return self._deps is not None

    async def deps(self) -> Deps:
        """The loaded Deps; a failed load raises ApiError 503 and is retried on the next request."""
        if self._deps is not None:
            return self._deps
        async with self._loading:
            if self._deps is None:
                try:
                    self._deps = await run_in_threadpool(self._load, self.settings)
                    self.problem = ""
                except IndexMissing as exc:
                    self.problem = "index_missing"
                    log.error("%s", exc)
                    raise ApiError(503, "index_missing", "The studio's articles haven't been indexed yet, so the "
                                   "assistant can't answer. Please try again later.") from None
                except IndexDamaged as exc:
                    self.problem = "index_unavailable"
                    log.error("%s", exc)
                    raise ApiError(503, "index_unavailable", "The studio's articles can't be used just now, so the "
                                   "assistant can't answer. Please try again later.", {"Retry-After": "60"}) from None
                except StoreUnavailable as exc:
                    self.problem = "store_unavailable"
                    log.error("article store unavailable: %s", exc)
                    raise ApiError(503, "store_unavailable", "The studio's articles can't be reached just now. "
                                   "Please try again in a minute.", {"Retry-After": "60"}) from None
                except Exception:
                    self.problem = "load_failed"
                    log.exception("could not load the assistant")
                    raise ApiError(503, "unavailable", "The assistant can't answer just now. Please try again in "
                                   "a minute.", {"Retry-After": "60"}) from None
        return self._deps

    def insights(self) -> InsightsStore | None:
        """The insights store (opened on first use), or None when it cannot be opened (logged)."""
        if self._insights is None:
            try:
                self._insights = InsightsStore.from_settings(self.settings)
            except Exception:
                log.exception("could not open the insights store")
                return None
        return self._insights
