"""Theme classification: each item under the themes whose keywords its title contains.

The rule table is data: the ``pk:keyword`` literals of the SKOS themes in
``ontology/themes.ttl`` (read from the store's reference graph). The rule, as
that file states it:

- the item's **title** is folded (``loaders.text.fold``: lower case, no
  diacritics) and split into words (runs of letters: ``e-management`` is the two
  words ``e management``, in the keyword as in the title);
- a one-word keyword matches a word that **starts with** it (``trafic``
  matches ``traficului``);
- a keyword of several words matches **consecutive words**, each starting with
  the keyword's word in the same position (``centr de zi`` matches
  ``centrelor de zi``);
- an item gets **every** theme with a matching keyword (none, one or several).

Matching is a dictionary look-up of each word's prefixes, so the cost is
linear in the words of the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from loaders.text import fold
from service.crossplan.corpus import Corpus
from service.sparql import query_text
from service.crossplan.text import words
from service.store.base import Store


@dataclass(frozen=True)
class Rule:
    """One keyword of one theme, split into folded words."""

    theme: str
    keyword: tuple[str, ...]


class RuleTable:
    """The keyword rules, indexed by the first word of each keyword."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._by_first: dict[str, list[Rule]] = defaultdict(list)
        for rule in rules:
            self._by_first[rule.keyword[0]].append(rule)
        self._lengths = sorted({len(rule.keyword[0]) for rule in rules})

    @classmethod
    def from_store(cls, store: Store) -> "RuleTable":
        """The rules of the theme scheme in ``store`` (the reference graph)."""
        rules = []
        for row in store.query(query_text("crossplan/theme-keywords")).rows:
            keyword = tuple(fold(w) for w in words(str(row["keyword"])))  # "e-management" -> ("e", "management")
            if keyword:
                rules.append(Rule(str(row["theme"]), keyword))
        return cls(sorted(rules, key=lambda r: (r.theme, r.keyword)))

    def themes_of(self, text: str) -> set[str]:
        """The themes whose keywords match ``text``."""
        folded = [fold(w) for w in words(text)]
        found: set[str] = set()
        for position, word in enumerate(folded):
            for length in self._lengths:
                if length > len(word):
                    break
                for rule in self._by_first.get(word[:length], ()):
                    if rule.theme in found:
                        continue
                    tail = folded[position + 1:position + len(rule.keyword)]
                    if len(tail) == len(rule.keyword) - 1 and all(
                        w.startswith(k) for w, k in zip(tail, rule.keyword[1:])
                    ):
                        found.add(rule.theme)
        return found


def classify(corpus: Corpus, rules: RuleTable) -> dict[str, set[str]]:
    """Item IRI -> the themes of its title (items with no theme are left out)."""
    themes: dict[str, set[str]] = {}
    for item in corpus.items.values():
        found = rules.themes_of(item.title)
        if found:
            themes[item.iri] = found
    return themes
