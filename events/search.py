"""Words for the search index, in any script: pure functions over text (no Django).

An event's search document is its title, summary and its actors' names, folded (NFKC,
case-folded, so "ШОЙГУ" is "шойгу" and full-width letters are plain) and cut into words.
A search matches events holding every word of the query as the start of one of theirs:
"armist" finds "Armistice", "평양" finds "평양에서" (Korean attaches particles to the
word). Chinese and Japanese write no spaces, so a run of Han or kana is indexed as each
character and each pair of neighbours (as Lucene's CJK analyzer does): "李鸿忠" is
indexed as 李, 鸿, 忠, 李鸿, 鸿忠, and a query for it asks for 李鸿 and 鸿忠.

The database keeps the index (PostgreSQL: a tsvector with a GIN index; SQLite: FTS5),
fed with the document as words separated by spaces; events.models asks it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable

_WORD = re.compile(r"[^\W_]+")  # letters and digits; "_" parts words, as in PostgreSQL
# Scripts written without spaces between words: Han, Hiragana, Katakana (and their
# extensions and compatibility forms).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
MAX_QUERY_WORDS = 8  # more words narrow nothing worth an index lookup each


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _parts(text: str, cjk: Callable[[str], list[str]]) -> list[str]:
    """Folded words, each run of Han or kana inside one replaced by cjk(run)."""
    found: list[str] = []
    for word in _WORD.findall(fold(text)):
        position = 0
        for run in _CJK.finditer(word):
            if run.start() > position:
                found.append(word[position : run.start()])
            found += cjk(run.group())
            position = run.end()
        if position < len(word):
            found.append(word[position:])
    return found


def _pairs(chars: str) -> list[str]:
    return [chars[i : i + 2] for i in range(len(chars) - 1)]


def document(texts: Iterable[str]) -> str:
    """The search document of an event's texts: its distinct words, space-separated; a
    Han or kana run as its characters and their pairs."""
    words = (w for text in texts for w in _parts(text, lambda run: [*run, *_pairs(run)]))
    return " ".join(dict.fromkeys(words))


def query_words(text: str) -> list[str]:
    """The words a query asks for, each to be found as the start of a word of the
    document. A Han or kana run asks for its pairs (or its one character)."""
    asked = _parts(text, lambda run: _pairs(run) or [run])
    return list(dict.fromkeys(asked))[:MAX_QUERY_WORDS]


def common(words: list[str]) -> bool:
    """Whether every word is a single letter or digit of an alphabet (not a Han or kana
    character, which the index holds as itself): such a prefix begins a word of nearly
    every event, so asking the index for its matches reads nearly all of it."""
    return all(len(word) == 1 and not _CJK.match(word) for word in words)


def tsquery(words: list[str]) -> str:
    """PostgreSQL: every word as a prefix ('word':*), all of them required. Words are
    letters and digits only, holding no quote or operator of tsquery's syntax."""
    return " & ".join(f"'{word}':*" for word in words)


def fts5_query(words: list[str]) -> str:
    """SQLite FTS5: every word as a quoted prefix, all of them required."""
    return " AND ".join(f'"{word}"*' for word in words)
