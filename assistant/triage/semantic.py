"""The semantic layer of triage: clauses matched against a reviewed exemplar library, the rules' context applied.

The rules read the wordings people on the team thought of; this layer reads the rest. Each clause of
a message is compared with every flag's exemplar clauses (assistant/triage/exemplars.yaml, reviewed
data) using the embedding model that is already loaded. A clause counts for a flag when it is closer
to the flag's signs than to its near-miss negatives by a margin, and when the rules' own context
checks pass on it: not negated, not hypothetical, not an idiom, not long past, and about the writer
or a person they care for rather than a pet, a story or the news. It may only raise the level.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import weakref
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from assistant.seams import Embedder
from assistant.triage import cues
from assistant.triage.context import Context
from assistant.triage.features import INTENTIONAL
from assistant.triage.levels import Flag, Level

log = logging.getLogger(__name__)

# A clause is a sign when its two nearest sign exemplars average at least SIMILARITY, beat the nearest
# near-miss (the flag's own and the ordinary complaints) by MARGIN, and share a word stem with the
# flag's signs. First set on the older tables (0.62: round 2's first run gave emergency recall 77.9 %,
# false alarms 12.8 %), then on tests/data/triage_round2.jsonl after that first run (0.58 and the
# shared word: 79.9 % and 9.7 % on round 2, 5 % false alarms on the older tables). The fresh
# tests/data/triage_round3.jsonl, written after that, gave 84.4 % emergency recall (the rules alone
# 61.1 %) with 15.6 % false alarms (7.4 %) on its first run. A logistic regression over the same
# closeness and margin features did no better in 5-fold cross-validation (78.5 % at 11 % false alarms
# on round 2), so the simpler, readable threshold stays.
SIMILARITY = 0.58
MARGIN = 0.04
TOP_K = 2
MAX_CLAUSES = 150
# The thresholds hold for this model only; with any other embedder the layer stays off (rules alone).
CALIBRATED_FOR = "all-MiniLM-L6-v2"
MIN_WORDS, MAX_WORDS = 4, 45
# Which flag of the engine each exemplar group stands for.
FLAG_OF = {
    "cauda_equina": "cauda_equina", "motor": "progressive_neuro_deficit", "weakness": "progressive_neuro_deficit",
    "self_harm": "self_harm", "aortic": "vascular", "aaa": "vascular", "aneurysm": "vascular",
    "vascular": "vascular", "fracture": "fracture", "infection": "infection", "malignancy": "malignancy",
    "cancer": "malignancy", "trauma": "fracture", "systemic": "systemic", "inflammatory": "inflammatory",
}
# A real negation of the sign ("no numbness", "I haven't lost any control"), as opposed to the loss the sign is
# ("I can't feel it when I wipe", "no feeling down there", "not knowing when my bladder is full").
_DENIED = re.compile(
    r"\b(?:no|not|never|none|nothing|without|denies|denied|haven'?t|hasn'?t|hadn'?t|isn'?t|wasn'?t|aren'?t"
    r"|don'?t have|doesn'?t have|didn'?t have|free of|negative for|ruled out)\b"
    r"(?!\s+(?:feeling|sensation|control|knowing|able|longer|idea when|way to (?:tell|feel)|warning|strength"
    r"|power|movement|realising|realizing|realisin|noticing|knowing|feeling it))")
# A clause that mentions a sign rather than reporting it: a question about signs, a term explained.
_MENTION = re.compile(r"\b(?:what (?:should|do|would) i|what if|if (?:i|my|it|they|you)|in case|explain|what does"
                      r"|sounds? (?:like|as if)|feels? like my (?:spine|back) is"
                      r"|means?\b|meant to|people say|watch (?:out )?for|look out for|signs? of|symptoms? of"
                      r"|warning signs?|should i worry|is it normal)\b")
# The sign reported as fine or intact ("I can feel everything when I wipe", "both legs are fine").
_INTACT = re.compile(r"\b(?:fine|normal|normally|ok|okay|all good|as usual|no problem|no problems|unaffected"
                     r"|can (?:still )?(?:feel|pee|wee|go|move|walk|control|tell|lift|stand))\b")


@dataclass(frozen=True)
class Exemplars:
    """The library: each flag's level and the rows of its sign and near-miss clauses."""

    names: tuple[str, ...]
    levels: tuple[Level, ...]
    positive: tuple[str, ...]
    positive_group: np.ndarray
    negative: tuple[str, ...]
    negative_group: np.ndarray
    stems: tuple[frozenset[str], ...] = ()  # per flag: the word stems its signs use


@lru_cache(maxsize=1)
def exemplars() -> Exemplars:
    """The reviewed library, read once from the package."""
    text = resources.files("assistant.triage").joinpath("exemplars.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    # Routine flags (inflammatory back pain) are clusters of features, never one clause: the rules keep them.
    flags: dict[str, Any] = {k: v for k, v in data["flags"].items() if v["level"] in ("emergency", "urgent")}
    names, levels, pos, pos_g, neg, neg_g = [], [], [], [], [], []
    ordinary = [str(c) for c in data.get("ordinary") or ()]
    for n, (name, spec) in enumerate(flags.items()):
        names.append(name)
        levels.append(spec["level"])
        pos += [str(p) for p in spec["positive"]]
        pos_g += [n] * len(spec["positive"])
        neg += [str(p) for p in spec.get("negative") or ()]
        neg_g += [n] * len(spec.get("negative") or ())
    # The ordinary complaints are near-misses of every flag (group -1).
    neg += ordinary
    neg_g += [-1] * len(ordinary)
    flag_stems = tuple(frozenset(w for p, grp in zip(pos, pos_g, strict=True) if grp == n for w in stems(p))
                       for n in range(len(names)))
    return Exemplars(tuple(names), tuple(levels), tuple(pos), np.asarray(pos_g), tuple(neg), np.asarray(neg_g),
                     flag_stems)


_COMMON = frozenset((
    "this", "that", "have", "been", "with", "from", "they", "them", "then", "than", "there", "their",
    "what", "when", "where", "which", "while", "were", "will", "would", "could", "should", "about", "just",
    "like", "really", "much", "very", "also", "into", "over", "only", "some", "more", "most", "your",
    "yours", "mine", "after", "before", "again", "still", "ever", "even", "back", "pain",
))


def stems(text: str) -> set[str]:
    """Four-letter word stems, common words aside: a match must share one with the flag's own signs."""
    return {w[:4] for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in _COMMON}


_vectors: weakref.WeakKeyDictionary[Any, tuple[np.ndarray, np.ndarray]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


_cache_dir: list[Path] = []


def keep_vectors_in(folder: Path) -> None:
    """Where the library's vectors are kept between runs (the data folder's models/; set by the edges)."""
    _cache_dir[:] = [Path(folder)]


def _library_vectors(embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    # Embedding the library takes ~3 s, so the vectors are kept on disk per library version and model
    # (written by ingest), and held per embedder object in memory (weakly: an id() can be reused).
    with _lock:
        if embedder not in _vectors:
            lib = exemplars()
            key = hashlib.sha256("\n".join([embedder.name, *lib.positive, "--", *lib.negative]).encode())
            path = _cache_dir[0] / f"triage-exemplars-{key.hexdigest()[:16]}.npz" if _cache_dir else None
            if path is not None and path.is_file():
                with np.load(path) as kept:
                    _vectors[embedder] = (kept["positive"], kept["negative"])
            else:
                _vectors[embedder] = (embedder.embed_documents(list(lib.positive)),
                                      embedder.embed_documents(list(lib.negative)))
                if path is not None:
                    _save(path, *_vectors[embedder])
        return _vectors[embedder]


def _save(path: Path, positive: np.ndarray, negative: np.ndarray) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez(tmp, positive=positive, negative=negative)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only or full data folder: embed again next time
        log.warning("could not keep the triage library's vectors in %s: %s", path.parent, exc)


def warm_up(embedder: Embedder) -> None:
    """Embed (or load) the library now, so the first question does not wait for it."""
    if is_calibrated(embedder):
        _library_vectors(embedder)


def is_calibrated(embedder: Embedder | None) -> bool:
    """Whether the semantic layer's thresholds were set for this embedder's model."""
    return embedder is not None and getattr(embedder, "name", "") == CALIBRATED_FOR


def flag_id(name: str) -> str:
    """The engine's flag for an exemplar group ('cauda_equina', 'motor_loss_sudden' -> ...)."""
    for prefix, flag in FLAG_OF.items():
        if name.startswith(prefix) or prefix in name:
            return flag
    return name


def clauses(ctx: Context) -> list[tuple[int, int]]:
    """The clauses of the message as (start, end) spans, short ones and very long ones left out."""
    bounds = [*ctx.clauses, len(ctx.text)]
    out = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = ctx.text[start:end]
        lead = len(piece) - len(piece.lstrip(" ,;:.!?\n-"))
        words = len(piece.split())
        if MIN_WORDS <= words <= MAX_WORDS:
            out.append((start + lead, end))
        if len(out) == MAX_CLAUSES:
            break
    return out


@dataclass(frozen=True)
class Match:
    """A clause that reads as a sign, and how close it came."""

    name: str
    level: Level
    start: int
    end: int
    similarity: float


@dataclass(frozen=True)
class Scored:
    """Every clause that passed the context checks, with its closeness to each flag and margin over near-misses."""

    spans: list[tuple[int, int]]
    close: np.ndarray  # clauses x flags: mean of the TOP_K nearest sign exemplars
    margin: np.ndarray  # clauses x flags: close minus the nearest near-miss


def sign_stems() -> frozenset[str]:
    """Every word stem that any sign in the library uses."""
    return frozenset().union(*exemplars().stems)


def score_clauses(ctx: Context, embedder: Embedder) -> Scored:
    """Each clause that passes the rules' context checks, scored against every flag of the library."""
    lib = exemplars()
    signs = sign_stems()
    # Only clauses that use a word some sign uses are embedded: a match needs one anyway, and most of a
    # long email ("Hi Deb", "I work from home") is left out before the model runs.
    spans = [(s, e) for s, e in clauses(ctx) if stems(ctx.text[s:e]) & signs and _in_context(ctx, s, e)]
    close = np.zeros((len(spans), len(lib.names)), dtype=np.float32)
    margin = np.zeros_like(close)
    if not spans:
        return Scored(spans, close, margin)
    pos, neg = _library_vectors(embedder)
    vectors = embedder.embed_documents([ctx.text[s:e] for s, e in spans])
    sims_pos, sims_neg = vectors @ pos.T, vectors @ neg.T
    for g in range(len(lib.names)):
        top = np.sort(sims_pos[:, lib.positive_group == g], axis=1)[:, ::-1][:, :TOP_K]
        close[:, g] = top.mean(axis=1)
        near = sims_neg[:, _near_misses(lib, g)]
        margin[:, g] = close[:, g] - (near.max(axis=1) if near.size else 0.0)
    return Scored(spans, close, margin)


def semantic_matches(ctx: Context, embedder: Embedder) -> list[Match]:
    """The clauses that read as a red-flag sign and pass the context checks."""
    lib = exemplars()
    scored = score_clauses(ctx, embedder)
    found: list[Match] = []
    for i, (start, end) in enumerate(scored.spans):
        words = stems(ctx.text[start:end])
        for g, name in enumerate(lib.names):
            # Closeness alone drifts ("I end up stopping" near "I want to stop it all"): the clause must
            # also use a word the flag's signs use.
            if scored.close[i, g] >= SIMILARITY and scored.margin[i, g] >= MARGIN and words & lib.stems[g]:
                if _explained_away(flag_id(name), ctx.text[start:end]):
                    continue
                found.append(Match(name, lib.levels[g], start, end, float(scored.close[i, g])))
    return found


# Pain that eases, and weight lost on purpose, are not the unrelenting pain or unexplained loss of
# red-flags.md §2.3 and §2.8 (the rules make the same exception for weight loss).
_EASES = re.compile(r"\b(?:eases?|eased|easing|better (?:after|when|once)|improves?|improving|goes away|settles?)\b")


def _near_misses(lib: Exemplars, group: int) -> np.ndarray:
    """The near-misses a flag's matches must beat: its own, and the ordinary complaints."""
    return (lib.negative_group == -1) | (lib.negative_group == group)


def _in_context(ctx: Context, start: int, end: int) -> bool:
    """The rules' context checks, applied to a whole clause."""
    clause = ctx.text[start:end]
    if _DENIED.search(clause) or cues.POST_NEGATION.match(ctx.text, end, end + 60):
        return False
    if _MENTION.search(clause) or _INTACT.search(clause):
        return False
    if ctx.in_idiom(start, end) or ctx.is_hypothetical(start, end) or ctx.is_historical(start, end):
        return False
    who = ctx.experiencer(start)
    # The writer, or a person they care for ("my mum can't feel..."); not a pet, a story, or someone
    # else's symptom told in passing while the writer asks about their own back.
    return who == "self" or who == "third" and not ctx.third_is_incidental


def _explained_away(flag: str, clause: str) -> bool:
    """Whether the clause itself explains the sign away for this flag (pain that eases, dieting)."""
    return flag in ("malignancy", "systemic") and bool(_EASES.search(clause) or INTENTIONAL.search(clause))


def semantic_flags(ctx: Context, text: str, embedder: Embedder) -> list[Flag]:
    """The matches as the engine's flags, evidence from the original text."""
    return [Flag(flag_id(m.name), m.level, text[m.start:m.end].strip(), m.start, m.end)
            for m in semantic_matches(ctx, embedder)]
