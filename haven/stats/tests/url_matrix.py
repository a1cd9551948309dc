"""URL matrix rows of the stats app (merged into haven/web/tests/test_url_matrix.py)."""

from haven.web.tests.matrix import Spec

TABLE: dict[str, Spec] = {}
