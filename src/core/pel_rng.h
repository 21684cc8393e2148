/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pelstat core: counter-based random numbers (Random123 Philox-4x64-10).
 *
 * Every number is a pure function of (seed, center atom ID, attempt, atom ID,
 * component): no stream state, so the values an atom receives do not depend
 * on which rank owns it, on the order in which atoms are visited, or on how
 * many numbers were drawn before.  An interrupted campaign resumes exactly. */
#ifndef PEL_RNG_H
#define PEL_RNG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Uniform double in the open interval (0, 1), 53 random bits. */
double pel_rng_uniform(uint64_t seed, int64_t center, int64_t attempt, int64_t atom, int component);

/* Standard normal deviate (Box-Muller on two uniforms of the same counter). */
double pel_rng_normal(uint64_t seed, int64_t center, int64_t attempt, int64_t atom, int component);

#ifdef __cplusplus
}
#endif
#endif
