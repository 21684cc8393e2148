/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_rng.h"

#include <Random123/philox.h>
#include <math.h>

/* Domain tags in the second key word keep uniform and normal draws
 * independent even for identical arguments. */
#define PEL_RNG_TAG_UNIFORM UINT64_C(0x756e69666f726d)
#define PEL_RNG_TAG_NORMAL UINT64_C(0x6e6f726d616c)

static philox4x64_ctr_t pel_rng_block(uint64_t seed, uint64_t tag, int64_t center, int64_t attempt,
                                      int64_t atom, int component)
{
  philox4x64_ctr_t ctr = {
      {(uint64_t)center, (uint64_t)attempt, (uint64_t)atom, (uint64_t)(uint32_t)component}};
  philox4x64_key_t key = {{seed, tag}};
  return philox4x64(ctr, key);
}

/* 53 high bits mapped to the centre of their bin: never 0, never 1. */
static double pel_rng_open01(uint64_t bits)
{
  return ((double)(bits >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double pel_rng_uniform(uint64_t seed, int64_t center, int64_t attempt, int64_t atom, int component)
{
  philox4x64_ctr_t r = pel_rng_block(seed, PEL_RNG_TAG_UNIFORM, center, attempt, atom, component);
  return pel_rng_open01(r.v[0]);
}

double pel_rng_normal(uint64_t seed, int64_t center, int64_t attempt, int64_t atom, int component)
{
  philox4x64_ctr_t r = pel_rng_block(seed, PEL_RNG_TAG_NORMAL, center, attempt, atom, component);
  double u1 = pel_rng_open01(r.v[0]);
  double u2 = pel_rng_open01(r.v[1]);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586476925 * u2);
}
