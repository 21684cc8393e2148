/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The ART engine on the two-dimensional Mueller-Brown surface.
 *
 * One "atom" at (x, y, z): the energy is the Mueller-Brown potential of
 * (x, y) plus a stiff harmonic term K z^2 / 2 that keeps z at 0 without
 * affecting any stationary point.  The reference minima and saddles are
 * computed here by Newton's method on the analytic gradient and Hessian (to
 * |grad| < 1e-10), not quoted from the literature.  From perturbations of the
 * minima the engine must find the two saddles to 1e-4 in position and energy,
 * and link the right minima. */
#include "pel_artn.h"
#include "pel_mb.h"
#include "pel_test.h"

#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

static const double KZ = 1e4;

/* ---- a trivial host: one atom ---- */
typedef struct {
  double x[3], f[3];
  double *store; /* nstorage * 3 */
  long calls;
} mb_host;

static int h_nlocal(void *u)
{
  return 1;
}
static int64_t h_id(void *u, int i)
{
  return 1;
}
static double *h_vector(void *u, int which)
{
  mb_host *m = u;
  if (which == PEL_ARTN_X) return m->x;
  if (which == PEL_ARTN_F) return m->f;
  return m->store + 3 * (which - PEL_ARTN_X0);
}
static int h_energy_force(void *u, double *e)
{
  mb_host *m = u;
  double g[2];
  *e = mb(m->x[0], m->x[1], g, NULL) + 0.5 * KZ * m->x[2] * m->x[2];
  m->f[0] = -g[0];
  m->f[1] = -g[1];
  m->f[2] = -KZ * m->x[2];
  m->calls++;
  return 0;
}

static double dist2(const double *a, const double *b)
{
  return hypot(a[0] - b[0], a[1] - b[1]);
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);

  /* reference stationary points from rough guesses */
  double mins[3][2] = {{-0.56, 1.44}, {0.62, 0.03}, {-0.05, 0.47}}; /* A, B, C */
  double sads[2][2] = {{-0.82, 0.62}, {0.21, 0.29}};                /* S1 (A-C), S2 (C-B) */
  double emin[3], esad[2];
  for (int i = 0; i < 3; i++) {
    CHECK(mb_newton(&mins[i][0], &mins[i][1], 1e-10));
    double h[3];
    emin[i] = mb(mins[i][0], mins[i][1], NULL, h);
    CHECK(h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0); /* a minimum */
  }
  for (int i = 0; i < 2; i++) {
    CHECK(mb_newton(&sads[i][0], &sads[i][1], 1e-10));
    double h[3];
    esad[i] = mb(sads[i][0], sads[i][1], NULL, h);
    CHECK(h[0] * h[2] - h[1] * h[1] < 0); /* one negative eigenvalue */
  }
  /* which minima each saddle links: S1 = A-C, S2 = C-B */
  const int links[2][2] = {{0, 2}, {2, 1}};

  pel_artn_params p;
  pel_artn_params_default(&p);
  p.cluster_radius = 0.5;
  p.push_init = 0.02;
  p.push_step = 0.02;
  p.eig_threshold = -5.0;
  p.ftol = 1e-4;
  p.lanczos_max = 3;
  p.lanczos_tol = 1e-4;
  p.lanczos_disp = 1e-5;
  p.max_basin_steps = 60;
  p.activation_step = 0.02;
  p.push_over = 0.05;
  p.relax_ftol = 1e-4;
  p.max_relax_steps = 5000;
  p.connect_dist = 0.1;
  p.moved_dist = 0.1;
  p.trivial_barrier = 1e-3;
  p.force_blowup = 1e6;
  p.fire_dt = 0.002;
  p.fire_dtmax = 0.01;
  p.max_disp = 0.02;
  p.remove_translation = 0;
  /* the cluster is the whole system here: a push that follows its
   * displacement follows the valley floor of minimum A, which never turns
   * to a negative curvature (fail_basin, then a force blow-up far out);
   * push_follow needs an environment around the cluster (fix_artn.md) */
  p.push_follow = 0;
  pel_error err;
  CHECK_INT(pel_artn_params_check(&p, &err), PEL_OK);
  pel_artn *eng = pel_artn_alloc(&p, MPI_COMM_SELF, &err);
  CHECK(eng != NULL);

  mb_host m = {0};
  m.store = calloc(3 * (size_t)pel_artn_nstorage(&p), sizeof(double));
  pel_artn_host h = {.user = &m,
                     .comm = MPI_COMM_SELF,
                     .nlocal = h_nlocal,
                     .id = h_id,
                     .mask = NULL,
                     .vector = h_vector,
                     .energy_force = h_energy_force,
                     .minimum_image = NULL};

  pel_artn_result ref[3][12];
  int found[2] = {0, 0}, from_min[3] = {0, 0, 0}, saddles = 0, attempts = 0;
  long calls_total = 0;
  for (int im = 0; im < 3; im++) {
    for (long att = 0; att < 12; att++) {
      m.x[0] = mins[im][0];
      m.x[1] = mins[im][1];
      m.x[2] = 0.0;
      pel_artn_result r;
      pel_status st = pel_artn_event(eng, &h, 2385, 1, att, emin[im], &r, &err);
      CHECK_INT(st, PEL_OK);
      ref[im][att] = r;
      attempts++;
      calls_total += r.force_calls;
      /* sample mode: the reference is restored exactly */
      CHECK(m.x[0] == mins[im][0] && m.x[1] == mins[im][1] && m.x[2] == 0.0);
      if (getenv("PEL_TEST_VERBOSE"))
        printf("min %d attempt %ld: %s barrier %.6f eig %.3f calls %ld (saddle %ld)\n", im, att,
               pel_artn_status_name(r.status), r.barrier, r.eigenvalue, r.force_calls,
               r.force_calls_saddle);
      if (r.status != PEL_ARTN_SADDLE) continue;
      saddles++;
      from_min[im]++;
      const double *ds = h_vector(&m, PEL_ARTN_DSADDLE);
      double xs[2] = {mins[im][0] + ds[0], mins[im][1] + ds[1]};
      int which = dist2(xs, sads[0]) < dist2(xs, sads[1]) ? 0 : 1;
      found[which]++;
      CHECK(dist2(xs, sads[which]) < 1e-4);
      CHECK(fabs(ds[2]) < 1e-4);
      CHECK_CLOSE(r.e_saddle, esad[which], 1e-4);
      CHECK_CLOSE(r.barrier, esad[which] - emin[im], 1e-4);
      CHECK(r.eigenvalue < 0.0);
      CHECK(r.fmax < p.ftol);
      /* the saddle touches the start minimum; the final one is the other end */
      CHECK(links[which][0] == im || links[which][1] == im);
      int other = links[which][0] == im ? links[which][1] : links[which][0];
      const double *df = h_vector(&m, PEL_ARTN_DFINAL);
      double xf[2] = {mins[im][0] + df[0], mins[im][1] + df[1]};
      CHECK(dist2(xf, mins[other]) < 1e-3);
      CHECK_CLOSE(r.e_final, emin[other], 1e-5);
      CHECK_CLOSE(r.asymmetry, emin[other] - emin[im], 1e-5);
      CHECK(r.force_calls_saddle <= r.force_calls);
    }
  }
  printf("Mueller-Brown: %d saddles of %d attempts (S1 %d, S2 %d), %.1f force calls/attempt\n",
         saddles, attempts, found[0], found[1], (double)calls_total / attempts);
  CHECK(found[0] > 0);
  CHECK(found[1] > 0);
  CHECK(from_min[0] > 0 && from_min[1] > 0 && from_min[2] > 0);
  CHECK(3 * saddles >= attempts);

  /* trivial events: with trivial_barrier 20, above the lowest barrier (C over
   * S2, 8.5), those saddles are logged as trivial, with the same saddle and
   * no force call after it; every other attempt is unchanged */
  {
    pel_artn_params pt = p;
    pt.trivial_barrier = 20.0;
    pel_artn *et = pel_artn_alloc(&pt, MPI_COMM_SELF, &err);
    CHECK(et != NULL);
    int ntriv = 0;
    for (int im = 0; et && im < 3; im++)
      for (long att = 0; att < 12; att++) {
        m.x[0] = mins[im][0];
        m.x[1] = mins[im][1];
        m.x[2] = 0.0;
        pel_artn_result r;
        CHECK_INT(pel_artn_event(et, &h, 2385, 1, att, emin[im], &r, &err), PEL_OK);
        const pel_artn_result *b = &ref[im][att];
        CHECK(m.x[0] == mins[im][0] && m.x[1] == mins[im][1] && m.x[2] == 0.0);
        CHECK_INT(r.force_calls_saddle, b->force_calls_saddle);
        if (b->force_calls_saddle > 0 && b->barrier < pt.trivial_barrier) {
          ntriv++;
          CHECK_INT(r.status, PEL_ARTN_TRIVIAL);
          CHECK(strcmp(pel_artn_status_name(r.status), "trivial") == 0);
          CHECK_CLOSE(r.e_saddle, b->e_saddle, 1e-12);
          CHECK_CLOSE(r.barrier, esad[1] - emin[2], 1e-4);
          CHECK_INT(r.force_calls, r.force_calls_saddle);
          CHECK(isnan(r.e_final));
        } else {
          CHECK_INT(r.status, b->status);
          CHECK_INT(r.force_calls, b->force_calls);
        }
      }
    printf("trivial_barrier 20: %d saddles logged as trivial\n", ntriv);
    CHECK(ntriv > 0);
    pel_artn_free(et);
  }

  /* a saddle below the initial energy cannot border its basin: with the
   * initial energy of C raised by 20, the C-S2 saddles (8.5 above C) lie
   * below it and are rejected with no force call after the saddle */
  {
    int nbelow = 0;
    for (long att = 0; att < 12; att++) {
      m.x[0] = mins[2][0];
      m.x[1] = mins[2][1];
      m.x[2] = 0.0;
      pel_artn_result r;
      CHECK_INT(pel_artn_event(eng, &h, 2385, 1, att, emin[2] + 20.0, &r, &err), PEL_OK);
      const pel_artn_result *b = &ref[2][att];
      CHECK_INT(r.force_calls_saddle, b->force_calls_saddle);
      if (b->force_calls_saddle > 0 && b->barrier < 20.0 - p.reject_margin) {
        nbelow++;
        CHECK_INT(r.status, PEL_ARTN_FAIL_CONNECT);
        CHECK_CLOSE(r.barrier, b->barrier - 20.0, 1e-9);
        CHECK_INT(r.force_calls, r.force_calls_saddle);
      }
    }
    printf("initial energy raised by 20: %d saddles below it rejected at once\n", nbelow);
    CHECK(nbelow > 0);
  }

  /* activation from a given point: near each saddle, with a rough start
   * vector, the activation alone (no basin) converges on that saddle, and
   * the connection finds the minima it links; a zero start vector is an
   * error */
  for (int which = 0; which < 2; which++) {
    const int from = links[which][0], to = links[which][1];
    double *x0 = h_vector(&m, PEL_ARTN_X0), *ev = h_vector(&m, PEL_ARTN_EIGVEC);
    x0[0] = mins[from][0];
    x0[1] = mins[from][1];
    x0[2] = 0.0;
    m.x[0] = sads[which][0] + 0.03;
    m.x[1] = sads[which][1] - 0.02;
    m.x[2] = 0.0;
    ev[0] = ev[1] = sqrt(0.5);
    ev[2] = 0.0;
    pel_artn_result r;
    CHECK_INT(pel_artn_activate(eng, &h, emin[from], &r, &err), PEL_OK);
    CHECK_INT(r.status, PEL_ARTN_SADDLE);
    CHECK_CLOSE(r.e_saddle, esad[which], 1e-4);
    CHECK_CLOSE(r.barrier, esad[which] - emin[from], 1e-4);
    CHECK(r.fmax < p.ftol);
    CHECK(r.eigenvalue < 0.0);
    CHECK_CLOSE(r.e_final, emin[to], 1e-5);
    CHECK(m.x[0] == mins[from][0] && m.x[1] == mins[from][1]); /* back at X0 */
    /* the initial energy computed when not given */
    m.x[0] = sads[which][0] + 0.03;
    m.x[1] = sads[which][1] - 0.02;
    ev[0] = ev[1] = sqrt(0.5);
    pel_artn_result r2;
    CHECK_INT(pel_artn_activate(eng, &h, NAN, &r2, &err), PEL_OK);
    CHECK_CLOSE(r2.e_initial, emin[from], 1e-9);
    CHECK_CLOSE(r2.e_saddle, r.e_saddle, 1e-9);
    CHECK_INT(r2.force_calls, r.force_calls + 1);
    printf("activation near S%d: %s, barrier %.6f (exact %.6f), %ld force calls\n", which + 1,
           pel_artn_status_name(r.status), r.barrier, esad[which] - emin[from], r.force_calls);
  }
  {
    double *ev = h_vector(&m, PEL_ARTN_EIGVEC);
    ev[0] = ev[1] = ev[2] = 0.0;
    pel_artn_result r;
    CHECK_INT(pel_artn_activate(eng, &h, emin[0], &r, &err), PEL_EINVAL);
    CHECK(strstr(err.msg, "start vector") != NULL);
  }

  /* a wrong center is an error, not a crash */
  pel_artn_result r;
  m.x[0] = mins[0][0];
  m.x[1] = mins[0][1];
  CHECK_INT(pel_artn_event(eng, &h, 1, 42, 0, emin[0], &r, &err), PEL_EINVAL);

  /* parameter checks name the keyword */
  pel_artn_params q = p;
  q.eig_threshold = 0.5;
  CHECK_INT(pel_artn_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "eig_threshold") != NULL);
  q = p;
  q.lanczos_max = 1;
  CHECK_INT(pel_artn_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "lanczos_max") != NULL);
  q = p;
  q.cluster_radius = -1;
  CHECK_INT(pel_artn_params_check(&q, &err), PEL_EINVAL);
  CHECK(strstr(err.msg, "cluster_radius") != NULL);

  pel_artn_free(eng);
  free(m.store);
  int rc = pel_test_report("test_artn_mb");
  MPI_Finalize();
  return rc;
}
