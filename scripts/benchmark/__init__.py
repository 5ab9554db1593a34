"""The benchmark of issue 8; scripts/bench.py runs it (`make bench`)."""
