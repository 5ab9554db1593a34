"""The benchmark; scripts/bench.py runs it (`make bench`)."""
