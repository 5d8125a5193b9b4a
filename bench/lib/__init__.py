"""What the benchmarks share: starting servers, generating load, setting up databases and
contests, and measuring processes. Not benchmarks themselves: tests/bench runs `bench/*.py`
in its smoke size, and only those.

A script imports these as `bench.lib.<module>` once it has put the project's root on sys.path.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
