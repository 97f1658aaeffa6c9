"""Benchmarks of plankg: a synthetic corpus generator and a side-by-side benchmark runner.

``python -m bench.corpus`` writes plan documents in the sample layouts;
``python -m bench.run`` (``make bench SIZE=N``) measures ingest, named queries,
SHACL validation, the HTTP service and memory on a corpus of N plans.
"""
