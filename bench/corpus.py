"""The synthetic corpus: N plan documents in the sample layouts, deterministic by seed.

    python -m bench.corpus --size 100 --seed 1 --out bench/corpus/size-100

writes ``{index:04d}_{hex16}.txt`` files (the shape of the sample file names)
plus ``manifest.json`` listing, for every file, its layout and the number of
items per level the readers should find. The same seed and size give
byte-identical files. At ``scale`` 1.0 a plan yields roughly 1 000 triples, so
sizes 10, 100 and 1 000 give about 10 k, 100 k and 1 M triples.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from bench.layouts import render
from bench.synth import PlanMaker
from bench.vocab import Vocabulary

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class CorpusFile:
    """One generated document and what it should parse into."""

    path: Path
    layout: str
    counts: dict[str, int]


def generate(size: int, seed: int, out: Path, *, scale: float = 1.0,
             vocab: Vocabulary | None = None) -> list[CorpusFile]:
    """Write ``size`` plan documents into ``out`` (created; old ``*.txt`` files removed)."""
    vocab = vocab or Vocabulary.from_samples()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    maker = PlanMaker(vocab, seed, size, scale)
    files = []
    for index in range(size):
        plan = maker.make(index)
        path = out / f"{plan.stem}.txt"
        path.write_bytes(render(plan).encode("utf-8"))
        files.append(CorpusFile(path, plan.layout, plan.counts()))
    manifest = {"size": size, "seed": seed, "scale": scale,
                "files": [{"file": f.path.name, "layout": f.layout, "counts": f.counts} for f in files]}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of plan documents")
    parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--scale", type=float, default=1.0, help="items per plan multiplier")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be at least 1")
    files = generate(args.size, args.seed, args.out, scale=args.scale)
    layouts = {name: sum(f.layout == name for f in files) for name in ("cells", "tabs", "bullets")}
    print(f"{len(files)} plans written to {args.out} ({', '.join(f'{k}: {v}' for k, v in layouts.items())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
