/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The minimizers of the ART engine (pel_min) on analytic surfaces:
 *
 *  - an anisotropic quadratic (4 atoms, stiffnesses 0.5 to 50): FIRE,
 *    L-BFGS and minimize reach the known minimum; L-BFGS never accepts an
 *    uphill step; a perpendicular FIRE run keeps the component along its
 *    vector; a descent move moves the atom with the largest force by exactly
 *    its step;
 *  - the Mueller-Brown surface: from either side of a saddle, minimize ends
 *    in the minimum on that side (computed by Newton's method here);
 *  - the evaluation codes: an energy floor stops a minimization with
 *    PEL_EVAL_BELOW, a force above force_blowup with PEL_EVAL_BLOWUP. */
#include "pel_mb.h"
#include "pel_min.h"
#include "pel_test.h"

#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#define NAT 4
#define NVEC (PEL_ARTN_LANCZOS + 2 * 8)

typedef struct {
  double x[3 * NAT], f[3 * NAT];
  double store[NVEC][3 * NAT];
  int nat;
  int mb; /* Mueller-Brown (one atom) instead of the quadratic */
  long calls;
} host_t;

static const double KQ[3 * NAT] = {0.5, 1, 2, 5, 10, 50, 3, 7, 0.8, 20, 1.5, 4};
static const double CQ[3 * NAT] = {0.3, -0.2, 0.1, 1.0, 0.5, -0.7, 0.0, 0.2, 0.4, -0.1, 0.9, 0.6};

static int h_nlocal(void *u)
{
  return ((host_t *)u)->nat;
}
static int64_t h_id(void *u, int i)
{
  return i + 1;
}
static double *h_vector(void *u, int which)
{
  host_t *m = u;
  if (which == PEL_ARTN_X) return m->x;
  if (which == PEL_ARTN_F) return m->f;
  return m->store[which - PEL_ARTN_X0];
}
static double energy_of(const host_t *m, const double *x, double *f)
{
  if (m->mb) {
    double g[2];
    double e = mb(x[0], x[1], g, NULL) + 0.5e4 * x[2] * x[2];
    if (f) {
      f[0] = -g[0];
      f[1] = -g[1];
      f[2] = -1e4 * x[2];
    }
    return e;
  }
  double e = 0.0;
  for (int k = 0; k < 3 * m->nat; k++) {
    double d = x[k] - CQ[k];
    e += 0.5 * KQ[k] * d * d;
    if (f) f[k] = -KQ[k] * d;
  }
  return e;
}
static int h_energy_force(void *u, double *e)
{
  host_t *m = u;
  *e = energy_of(m, m->x, m->f);
  m->calls++;
  return 0;
}

static pel_artn_host make_host(host_t *m)
{
  pel_artn_host h = {.user = m,
                     .comm = MPI_COMM_SELF,
                     .nlocal = h_nlocal,
                     .id = h_id,
                     .vector = h_vector,
                     .energy_force = h_energy_force};
  return h;
}

static const pel_min_params MP = {0.1, 0.3, 0.1, 0.03, 5, 10.0};

/* start the quadratic at x0 = 0, D = 0, force known */
static void start_quadratic(host_t *m, pel_point *pt, const pel_artn_host *h)
{
  memset(m, 0, sizeof *m);
  m->nat = NAT;
  pel_point_init(pt, h, MPI_COMM_SELF, 1e6);
  CHECK_INT(pel_point_eval(pt, -1, 0.0, NULL), PEL_EVAL_OK);
}

static double dist_to_min(const host_t *m)
{
  double s = 0.0;
  for (int k = 0; k < 3 * NAT; k++) s += (m->x[k] - CQ[k]) * (m->x[k] - CQ[k]);
  return sqrt(s);
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  host_t m;
  pel_artn_host h = make_host(&m);
  pel_point pt;
  pel_min mn;
  pel_error err;

  /* FIRE alone: the minimum to |F|max < 1e-7; within fmax / k_min of it */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  pel_fire_reset(&mn);
  int done = 0;
  CHECK_INT(pel_fire_run(&mn, -1, 20000, 1e-7, &done, &err), PEL_EVAL_OK);
  CHECK(done);
  CHECK(pt.fmax < 1e-7);
  CHECK(dist_to_min(&m) < 1e-7 / 0.5 * sqrt(3.0 * NAT));
  const long fire_calls = pt.calls;

  /* L-BFGS alone: the same minimum, in fewer calls, energy never up */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  int conv = 0;
  CHECK_INT(pel_lbfgs_run(&mn, 1e-7, 5000, &conv, &err), PEL_EVAL_OK);
  CHECK(conv);
  CHECK(dist_to_min(&m) < 1e-7 / 0.5 * sqrt(3.0 * NAT));
  CHECK_CLOSE(pt.energy, 0.0, 1e-12);
  printf("quadratic: FIRE %ld calls, L-BFGS %ld calls to fmax < 1e-7\n", fire_calls, pt.calls);
  CHECK(pt.calls < fire_calls);
  /* the energy along an L-BFGS run (the accepted points) never rises */
  {
    start_quadratic(&m, &pt, &h);
    pel_min_init(&mn, &MP, &pt);
    double e_prev = pt.energy;
    int ok = 1;
    for (int s = 0; s < 60 && pt.fmax >= 1e-7; s++) {
      CHECK_INT(pel_lbfgs_run(&mn, 1e-7, 1, &conv, &err), PEL_EVAL_OK);
      if (pt.energy > e_prev * (1.0 + 1e-10)) ok = 0;
      e_prev = pt.energy;
    }
    CHECK(ok);
  }

  /* minimize: FIRE then L-BFGS to ftol (the first L-BFGS step is a descent
   * move of descent_step, found uphill and halved until it fits: a
   * tolerance far below max_disp x the stiffness gets stuck, by design) */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  CHECK_INT(pel_minimize_from(&mn, 1e-4, 5000, &conv, &err), PEL_EVAL_OK);
  if (getenv("PEL_TEST_VERBOSE")) printf("minimize: fmax %g calls %ld\n", pt.fmax, pt.calls);
  CHECK(conv);
  CHECK(pt.fmax < 1e-4);
  CHECK(dist_to_min(&m) < 1e-4 / 0.5 * sqrt(3.0 * NAT));
  /* the calls counted are the host's */
  CHECK_INT(pt.calls, m.calls);
  /* too few calls: not converged, no error */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  CHECK_INT(pel_minimize_from(&mn, 1e-9, 5, &conv, &err), PEL_EVAL_OK);
  CHECK(!conv);
  CHECK(pt.calls <= 1 + 5);

  /* FIRE perpendicular to a unit vector keeps D's component along it */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  {
    double *u = h_vector(&m, PEL_ARTN_PUSH), *d = h_vector(&m, PEL_ARTN_D);
    double nu = 0.0;
    for (int k = 0; k < 3 * NAT; k++) {
      u[k] = sin(1.0 + k);
      nu += u[k] * u[k];
    }
    for (int k = 0; k < 3 * NAT; k++) {
      u[k] /= sqrt(nu);
      d[k] = 0.5 * u[k];
    }
    CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_OK);
    pel_fire_reset(&mn);
    CHECK_INT(pel_fire_run(&mn, PEL_ARTN_PUSH, 5000, 1e-9, NULL, &err), PEL_EVAL_OK);
    CHECK_CLOSE(pel_vdot(&pt, PEL_ARTN_D, PEL_ARTN_PUSH), 0.5, 1e-12);
    /* and relaxes the rest: the perpendicular force is small */
    double fu = pel_vdot(&pt, PEL_ARTN_F, PEL_ARTN_PUSH), fp = 0.0;
    for (int k = 0; k < 3 * NAT; k++) fp = fmax(fp, fabs(m.f[k] - fu * u[k]));
    if (getenv("PEL_TEST_VERBOSE")) printf("perpendicular: fp %g calls %ld\n", fp, pt.calls);
    CHECK(fp < 1e-6);
  }

  /* a descent move moves the atom with the largest force by `step` */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  {
    double f0[3 * NAT];
    memcpy(f0, m.f, sizeof f0);
    const double fm0 = pt.fmax;
    CHECK_INT(pel_descent_run(&mn, 1, 0.01, 0.0, &err), PEL_EVAL_OK);
    CHECK_INT(pt.calls, 2);
    const double *d = h_vector(&m, PEL_ARTN_D);
    double dm = 0.0;
    for (int i = 0; i < NAT; i++) dm = fmax(dm, hypot(hypot(d[3 * i], d[3 * i + 1]), d[3 * i + 2]));
    CHECK_CLOSE(dm, 0.01, 1e-15);
    for (int k = 0; k < 3 * NAT; k++) CHECK_CLOSE(d[k], 0.01 * f0[k] / fm0, 1e-15);
  }

  /* an energy floor ends the run with PEL_EVAL_BELOW; blow-up likewise */
  start_quadratic(&m, &pt, &h);
  pel_min_init(&mn, &MP, &pt);
  pt.e_floor = 0.5 * pt.energy;
  CHECK_INT(pel_minimize_from(&mn, 1e-6, 5000, &conv, &err), PEL_EVAL_BELOW);
  CHECK(pt.energy < pt.e_floor); /* stopped at the first point below */
  CHECK(!conv);
  start_quadratic(&m, &pt, &h);
  pt.force_blowup = 1e-3;
  CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_BLOWUP);

  /* Mueller-Brown: from either side of the saddle between A and C, minimize
   * ends in the minimum on that side */
  {
    double A[2] = {-0.56, 1.44}, Cm[2] = {-0.05, 0.47}, S[2] = {-0.82, 0.62};
    CHECK(mb_newton(&A[0], &A[1], 1e-12));
    CHECK(mb_newton(&Cm[0], &Cm[1], 1e-12));
    CHECK(mb_newton(&S[0], &S[1], 1e-12));
    double g[2], hs[3];
    const double eA = mb(A[0], A[1], g, NULL), eC = mb(Cm[0], Cm[1], g, NULL);
    mb(S[0], S[1], g, hs);
    /* the unstable direction at S: eigenvector of the negative eigenvalue */
    double tr = hs[0] + hs[2], det = hs[0] * hs[2] - hs[1] * hs[1];
    double lneg = 0.5 * tr - sqrt(0.25 * tr * tr - det);
    double vx = hs[1], vy = lneg - hs[0], nv = hypot(vx, vy);
    vx /= nv;
    vy /= nv;
    int ended_in_A[2] = {0, 0};
    for (int side = -1; side <= 1; side += 2) {
      memset(&m, 0, sizeof m);
      m.nat = 1;
      m.mb = 1;
      const pel_min_params mpm = {0.002, 0.01, 0.02, 0.03, 5, 10.0};
      pel_point_init(&pt, &h, MPI_COMM_SELF, 1e6);
      pel_min_init(&mn, &mpm, &pt);
      double *d = h_vector(&m, PEL_ARTN_D);
      d[0] = S[0] + side * 0.05 * vx;
      d[1] = S[1] + side * 0.05 * vy;
      CHECK_INT(pel_point_eval(&pt, -1, 0.0, &err), PEL_EVAL_OK);
      CHECK_INT(pel_minimize_from(&mn, 1e-6, 20000, &conv, &err), PEL_EVAL_OK);
      CHECK(conv);
      const double dA = hypot(m.x[0] - A[0], m.x[1] - A[1]);
      const double dC = hypot(m.x[0] - Cm[0], m.x[1] - Cm[1]);
      CHECK(fmin(dA, dC) < 1e-5);
      CHECK_CLOSE(pt.energy, dA < dC ? eA : eC, 1e-8);
      printf("Mueller-Brown: side %+d of S1 -> %s in %ld calls\n", side, dA < dC ? "A" : "C",
             pt.calls);
      ended_in_A[side > 0] = dA < dC;
    }
    CHECK(ended_in_A[0] != ended_in_A[1]); /* the two sides, the two minima */
  }

  int rc = pel_test_report("test_min");
  MPI_Finalize();
  return rc;
}
