#!/usr/bin/env python3
"""SciPy/NumPy reference for bench/mnist-fit.bench.ts: the same loss as
src/workers/engines/pseudoreal/latentFit.ts (MATH.md §4), minimised by SciPy's L-BFGS-B from the same
start θ0 = [C | F] for the same number of iterations (history m = 10), one thread
(OPENBLAS_NUM_THREADS=1, set by the bench):
    L = mean (tanh(CF/√D) − X)² + λ_C ‖CᵀC/P − I‖²/D² + λ_F ‖FFᵀ/N − I‖²/D² + λ_μ ‖mean_p C_p·‖²/D
Args: pixels file (P·N uint8, row-major), θ0 file (P·D + D·N float64), P, D, N, iterations.
Prints one JSON line: cpu and wall seconds of the minimisation, final loss, iterations, evaluations."""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize

pix_file, theta_file = sys.argv[1], sys.argv[2]
P, D, N, iterations = (int(x) for x in sys.argv[3:7])
lam_c = lam_f = lam_mu = 1.0
X = np.fromfile(pix_file, dtype=np.uint8).reshape(P, N).astype(np.float64) * (2 / 255) - 1
theta0 = np.fromfile(theta_file, dtype=np.float64)
sqD = np.sqrt(D)
I = np.eye(D)


def loss_grad(theta):
    C = theta[: P * D].reshape(P, D)
    F = theta[P * D:].reshape(D, N)
    T = np.tanh(C @ F / sqD)
    E = T - X
    recon = np.mean(E * E)
    G = 2 * E * (1 - T * T) / (P * N)
    gC = G @ F.T / sqD
    gF = C.T @ G / sqD
    Gc = C.T @ C / P - I
    Gf = F @ F.T / N - I
    m = C.mean(axis=0)
    loss = recon + lam_c * np.sum(Gc * Gc) / D**2 + lam_f * np.sum(Gf * Gf) / D**2 + lam_mu * (m @ m) / D
    gC += 4 * lam_c * C @ Gc / (P * D**2) + 2 * lam_mu * m[None, :] / (P * D)
    gF += 4 * lam_f * Gf @ F / (N * D**2)
    return loss, np.concatenate([gC.ravel(), gF.ravel()])


c0, w0 = time.process_time(), time.perf_counter()
r = minimize(loss_grad, theta0, jac=True, method='L-BFGS-B',
             options={'maxiter': iterations, 'maxcor': 10, 'gtol': 0.0, 'ftol': 0.0})
cpu, wall = time.process_time() - c0, time.perf_counter() - w0
print(json.dumps({'cpu': cpu, 'wall': wall, 'loss': float(r.fun), 'iterations': int(r.nit), 'evaluations': int(r.nfev)}))
