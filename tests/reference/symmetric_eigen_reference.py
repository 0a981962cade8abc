#!/usr/bin/env python3
"""Reference eigenpairs for tests/unit/numeric/symmetricEigen.test.ts, from LAPACK (scipy.linalg.eigh,
driver 'evd' = dsyevd, the routine src/workers/numeric/linalg/symmetricEigen.ts follows, and 'ev' =
dsyev, implicit QR, as a second opinion: the script asserts the two agree).

Matrices are given by formulas, so the test rebuilds them exactly without shipping them:
  'smooth'  n = 150:  A_ij = cos(0.37·i·j / n) + 1 / (1 + |i − j|)          (a decaying spectrum)
  'hilbertish' n = 90: A_ij = 1 / (i + j + 1) + (i == j) · (i mod 7) / 7    (eigenvalues 0 … ~2, clustered)
For each: all eigenvalues, and three eigenvectors (the first, middle and last eigenvalue whose gap to
its neighbours is at least 1e-3·‖A‖₂, since a vector is determined only up to ~eps‖A‖/gap) with the
sign fixed so the entry of largest magnitude is positive, and those gaps.

Run:  python3 tests/reference/symmetric_eigen_reference.py   (numpy, scipy)
Writes tests/reference/symmetric-eigen.json.
"""
import json
import os

import numpy as np
from scipy import linalg

HERE = os.path.dirname(os.path.abspath(__file__))


def smooth(n):
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    return np.cos(0.37 * i * j / n) + 1.0 / (1.0 + np.abs(i - j))


def hilbertish(n):
    i = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    return 1.0 / (i + j + 1.0) + np.diag((np.arange(n) % 7) / 7.0)


def signed(v):
    return v * np.sign(v[np.argmax(np.abs(v))])


out = {}
for name, build, n in [('smooth', smooth, 150), ('hilbertish', hilbertish, 90)]:
    A = build(n)
    w, V = linalg.eigh(A, driver='evd')
    w2 = linalg.eigh(A, eigvals_only=True, driver='ev')
    assert np.max(np.abs(w - w2)) < 1e-13 * np.max(np.abs(w)), name
    gaps = np.minimum(np.diff(w, prepend=-np.inf), np.diff(w, append=np.inf))
    ok = np.flatnonzero(gaps >= 1e-3 * np.max(np.abs(w)))
    cols = [int(ok[0]), int(ok[len(ok) // 2]), int(ok[-1])]
    out[name] = {
        'n': n,
        'values': w.tolist(),
        'vectorColumns': cols,
        'gaps': [float(gaps[c]) for c in cols],
        'vectors': [signed(V[:, c]).tolist() for c in cols],
    }

with open(os.path.join(HERE, 'symmetric-eigen.json'), 'w') as fh:
    json.dump(out, fh)
print('wrote symmetric-eigen.json')
