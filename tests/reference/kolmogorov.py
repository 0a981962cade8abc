# Reference values of the Kolmogorov distribution's survival function Q(λ) = P(K > λ) for
# tests/unit/numeric/ks.test.ts, by SciPy (an independent implementation). Run: python3 tests/reference/kolmogorov.py
import math
from scipy.stats import kstwobign, kstest, norm
for lam in [0.5, 0.8, 1.0, 1.3581, 1.9495, 2.5]:
    print(f"[{lam}, {float(kstwobign.sf(lam))!r}],")
print("critical value at alpha = 0.001:", math.sqrt(-math.log(0.0005) / 2), "exact:", kstwobign.isf(0.001))
print("D of [0.1, 0.4, 0.7] against U(0, 1):", kstest([0.1, 0.4, 0.7], "uniform").statistic)
