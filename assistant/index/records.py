"""What is stored for one article version: its chunks, their sentences and its FAQ questions, with hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assistant.index.articles import Article
from assistant.index.chunking import Chunk, article_hash, chunk_article
from assistant.sentences import split_sentences


@dataclass(frozen=True)
class Record:
    """One vector to store: a chunk of text, or one of an article's FAQ questions."""

    id: str
    text: str
    embed_text: str
    metadata: dict[str, str | int]

    @property
    def content_hash(self) -> str:
        """The hash that decides whether the stored vector can be reused."""
        return str(self.metadata["content_hash"])


def records_for(article: Article) -> list[Record]:
    """The chunk and FAQ records of one article version."""
    version = article_hash(article)[:10]
    base: dict[str, str | int] = {"slug": article.slug, "title": article.title, "url": article.url,
                                  "version": version}
    out: list[Record] = []
    for chunk in chunk_article(article):
        sentences = split_sentences(chunk.text)
        record = _chunk_record(chunk, base)
        role: dict[str, str | int] = {"role": chunk.role} if chunk.role else {}
        record.metadata.update(role)
        # The count lets search fetch a chunk's sentences by id, which stays fast at any size.
        record.metadata["sentences"] = len(sentences)
        out.append(record)
        # Sentence vectors, precomputed here, let the answer composer pick the sentences
        # that answer a question without embedding anything but the question at ask time.
        for n, sentence in enumerate(sentences):
            out.append(Record(
                id=f"{chunk.id}:s{n:02d}",
                text=sentence,
                embed_text=sentence,
                metadata={**base, "kind": "sentence", "chunk_id": chunk.id, "section": chunk.section,
                          "position": n, "content_hash": text_hash("sentence", sentence), **role},
            ))
    for j, question in enumerate(article.faq):
        embed_text = question
        out.append(Record(
            id=f"{article.slug}:{version}:faq:{j:02d}",
            text=question,
            embed_text=embed_text,
            metadata={**base, "kind": "faq", "section": "", "position": j,
                      "content_hash": text_hash("faq", embed_text)},
        ))
    return out


def _chunk_record(chunk: Chunk, base: dict[str, str | int]) -> Record:
    return Record(
        id=chunk.id,
        text=chunk.text,
        embed_text=chunk.embed_text,
        metadata={**base, "kind": "chunk", "section": chunk.section, "position": chunk.position,
                  "content_hash": chunk.content_hash},
    )


def text_hash(kind: str, text: str) -> str:
    """A hash of a text of one kind (sentence, faq, ...)."""
    return hashlib.sha256(f"{kind}\x1f{text}".encode()).hexdigest()


def summary_text(article: Article) -> str:
    """The text embedded for an article's manifest row."""
    return f"{article.title}. {article.summary}".strip()
