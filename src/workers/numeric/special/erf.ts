// Special functions not in Math, from stdlib-js (double-precision, tested against Julia/SciPy).
import erfImpl from '@stdlib/math-base-special-erf'
import erfcImpl from '@stdlib/math-base-special-erfc'

export const erf: (x: number) => number = erfImpl
export const erfc: (x: number) => number = erfcImpl
