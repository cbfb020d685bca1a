"""A studio's own blog as a source of articles: WordPress export, sitemap or saved pages, kept in sync."""

from assistant.index.sources.extract import ExtractError, Post, extract_post, topic_tags
from assistant.index.sources.fetch import Fetcher, FetchError, Politeness
from assistant.index.sources.status import SourceStatus, source_status
from assistant.index.sources.sync import (
    Source,
    SourceError,
    SyncReport,
    forget_source,
    merge_articles,
    parse_source,
    sync_sources,
)

__all__ = [
    "ExtractError", "FetchError", "Fetcher", "Politeness", "Post", "Source", "SourceError", "SourceStatus",
    "SyncReport", "extract_post", "forget_source", "merge_articles", "parse_source", "source_status",
    "sync_sources", "topic_tags",
]
