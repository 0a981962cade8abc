#!/usr/bin/env python3
"""NumPy/LAPACK reference for bench/eigen.bench.ts: eigh (dsyevd) of the n×n float64 matrix stored
row-major in the file argv[1]; prints one JSON line {cpu, wall, library}. Run with
OPENBLAS_NUM_THREADS=1 (the bench sets it): one thread, like the lab's solver."""
import json
import sys
import time

import numpy as np

path, n = sys.argv[1], int(sys.argv[2])
vectors = len(sys.argv) < 4 or sys.argv[3] != 'values'
A = np.fromfile(path, dtype=np.float64).reshape(n, n)
c0, w0 = time.process_time(), time.perf_counter()
if vectors:
    np.linalg.eigh(A)
else:
    np.linalg.eigvalsh(A)
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
blas = np.__config__.CONFIG['Build Dependencies']['blas']
print(json.dumps({'cpu': cpu, 'wall': wall, 'library': f"{blas.get('name')} {blas.get('version')}"}))
