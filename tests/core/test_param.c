/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parameter tables (pel_param) and the fix artn keywords built on them:
 * one parsing rule for every number, range messages naming the keyword and
 * the value, defaults and checks from the table, unit scaling outside metal
 * units, and the keyword tables of docs/fix_artn.md, which must be exactly
 * what the tables generate.
 *
 *   test_param                      check (run from tests/core)
 *   test_param --write-docs FILE    regenerate the tables in FILE */
#include "pel_artn.h"
#include "pel_campaign.h"
#include "pel_test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DOC PELSTAT_SOURCE_DIR "/docs/fix_artn.md"
#define BEGIN "<!-- keyword tables: generated from the parameter tables of src/core -->\n"
#define END "<!-- end of the generated keyword tables -->\n"

static const pel_param *kw(const char *name, int *which)
{
  int n = 0;
  const pel_param *t = pel_artn_param_table(&n);
  int i = pel_param_find(t, n, name);
  *which = 0;
  if (i >= 0) return &t[i];
  t = pel_campaign_param_table(&n);
  i = pel_param_find(t, n, name);
  *which = 1;
  return i >= 0 ? &t[i] : NULL;
}

/* parse `text` for keyword `name` into fresh defaults; returns the status,
 * the message in err */
static pel_status parse(const char *name, const char *text, pel_error *err)
{
  pel_artn_params p;
  pel_campaign_params c;
  pel_artn_params_default(&p);
  pel_campaign_params_default(&c);
  int which = 0;
  const pel_param *k = kw(name, &which);
  CHECK(k != NULL);
  if (!k) return PEL_EFAIL;
  return pel_param_parse(k, which ? (void *)&c : (void *)&p, text, err);
}

static int says(const pel_error *err, const char *text)
{
  if (strstr(err->msg, text)) return 1;
  fprintf(stderr, "message '%s' lacks '%s'\n", err->msg, text);
  return 0;
}

/* the generated section */
static char *generated(void)
{
  int ne = 0, nc = 0;
  const pel_param *te = pel_artn_param_table(&ne), *tc = pel_campaign_param_table(&nc);
  const char *h1 = "\nCampaign keywords:\n\n", *h2 = "\nEngine keywords:\n\n";
  int l1 = pel_param_markdown(tc, nc, NULL, 0), l2 = pel_param_markdown(te, ne, NULL, 0);
  size_t size = strlen(BEGIN) + strlen(h1) + (size_t)l1 + strlen(h2) + (size_t)l2 + strlen(END) + 2;
  char *s = malloc(size);
  strcpy(s, BEGIN);
  strcat(s, h1);
  pel_param_markdown(tc, nc, s + strlen(s), (size_t)l1 + 1);
  strcat(s, h2);
  pel_param_markdown(te, ne, s + strlen(s), (size_t)l2 + 1);
  strcat(s, "\n");
  strcat(s, END);
  return s;
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  size_t got = fread(s, 1, (size_t)n, f);
  s[got] = '\0';
  fclose(f);
  return s;
}

/* the doc with its generated section replaced; NULL without markers */
static char *with_section(const char *doc, const char *section)
{
  const char *a = strstr(doc, BEGIN), *b = a ? strstr(a, END) : NULL;
  if (!a || !b) return NULL;
  b += strlen(END);
  size_t n = (size_t)(a - doc) + strlen(section) + strlen(b) + 1;
  char *s = malloc(n);
  memcpy(s, doc, (size_t)(a - doc));
  strcpy(s + (a - doc), section);
  strcat(s, b);
  return s;
}

int main(int argc, char **argv)
{
  if (argc == 3 && strcmp(argv[1], "--write-docs") == 0) {
    char *doc = slurp(argv[2]), *sec = generated();
    char *out = doc ? with_section(doc, sec) : NULL;
    if (!out) {
      fprintf(stderr, "%s: no generated section (markers) found\n", argv[2]);
      return 1;
    }
    FILE *f = fopen(argv[2], "wb");
    if (!f || fputs(out, f) < 0 || fclose(f) != 0) return 1;
    return 0;
  }
  pel_error err;

  /* one rule for every number */
  CHECK_INT(parse("ftol", "0.01", &err), PEL_OK);
  CHECK_INT(parse("ftol", "abc", &err), PEL_EINVAL);
  CHECK(says(&err, "ftol expects a number, got 'abc'"));
  CHECK_INT(parse("ftol", "0.05x", &err), PEL_EINVAL);
  CHECK_INT(parse("ftol", "", &err), PEL_EINVAL);
  const char *names[] = {"trivial_barrier", "perp_ratio", "lbfgs_switch", "temperature",
                         "init_ftol", "ftol", "reject_margin"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    CHECK_INT(parse(names[i], "inf", &err), PEL_EINVAL);
    CHECK(says(&err, names[i]) && says(&err, "finite"));
    CHECK_INT(parse(names[i], "1e999", &err), PEL_EINVAL);
    CHECK(says(&err, "finite") && says(&err, "1e999"));
    CHECK_INT(parse(names[i], "nan", &err), PEL_EINVAL);
    CHECK_INT(parse(names[i], "1e-400", &err), PEL_EINVAL);
    CHECK(says(&err, "1e-400") && says(&err, "too small"));
  }

  /* the same rule for the keywords without a table (the computes', the CLI's) */
  {
    double d = 0.0;
    int i = 0;
    int64_t l = 0;
    uint64_t u = 0;
    CHECK_INT(pel_param_parse_value("bin", PEL_PARAM_DOUBLE, "0.05", &d, &err), PEL_OK);
    CHECK(d == 0.05);
    CHECK_INT(pel_param_parse_value("bin", PEL_PARAM_DOUBLE, "inf", &d, &err), PEL_EINVAL);
    CHECK(says(&err, "bin must be a finite number, got 'inf'"));
    CHECK_INT(pel_param_parse_value("bin", PEL_PARAM_DOUBLE, "1e-400", &d, &err), PEL_EINVAL);
    CHECK_INT(pel_param_parse_value("bin", PEL_PARAM_DOUBLE, "1e-320", &d, &err), PEL_OK);
    CHECK(d > 0.0); /* a subnormal is a number */
    CHECK_INT(pel_param_parse_value("top", PEL_PARAM_INT, "3000000000", &i, &err), PEL_EINVAL);
    CHECK(says(&err, "top: 3000000000 is out of range"));
    CHECK_INT(pel_param_parse_value("seed", PEL_PARAM_I64, "-5", &l, &err), PEL_OK);
    CHECK(l == -5);
    CHECK_INT(pel_param_parse_value("seed", PEL_PARAM_I64, "9223372036854775807", &l, &err),
              PEL_OK);
    CHECK(l == INT64_MAX);
    CHECK_INT(pel_param_parse_value("seed", PEL_PARAM_I64, "9223372036854775808", &l, &err),
              PEL_EINVAL);
    CHECK(says(&err, "out of range"));
    CHECK_INT(pel_param_parse_value("seed", PEL_PARAM_I64, "1.5", &l, &err), PEL_EINVAL);
    CHECK(says(&err, "seed expects an integer, got '1.5'"));
    CHECK_INT(pel_param_parse_value("seed", PEL_PARAM_U64, "-1", &u, &err), PEL_EINVAL);
    CHECK(says(&err, "seed expects a non-negative integer, got '-1'"));
    CHECK_INT(pel_param_parse_value("fit", PEL_PARAM_BOOL, "off", &i, &err), PEL_OK);
    CHECK(i == 0);
  }
  /* ranges, named with the value */
  CHECK_INT(parse("ftol", "-1", &err), PEL_EINVAL);
  CHECK(says(&err, "ftol must be > 0, got -1"));
  CHECK_INT(parse("ftol", "0", &err), PEL_EINVAL);
  CHECK_INT(parse("eig_threshold", "0.5", &err), PEL_EINVAL);
  CHECK(says(&err, "eig_threshold must be < 0, got 0.5"));
  CHECK_INT(parse("lanczos_tol", "1", &err), PEL_EINVAL);
  CHECK(says(&err, "lanczos_tol must be > 0 and < 1, got 1"));
  CHECK_INT(parse("temperature", "0", &err), PEL_OK);
  CHECK_INT(parse("temperature", "-5", &err), PEL_EINVAL);
  CHECK(says(&err, "temperature must be >= 0, got -5"));
  /* integers: whole words, in range (lanczos_max allocates its square) */
  CHECK_INT(parse("lanczos_max", "16", &err), PEL_OK);
  CHECK_INT(parse("lanczos_max", "1000000", &err), PEL_EINVAL);
  CHECK(says(&err, "lanczos_max must be from 2 to 100, got 1000000"));
  CHECK_INT(parse("lanczos_max", "1", &err), PEL_EINVAL);
  CHECK_INT(parse("lanczos_max", "3.5", &err), PEL_EINVAL);
  CHECK(says(&err, "lanczos_max expects an integer, got '3.5'"));
  CHECK_INT(parse("max_relax_steps", "99999999999999", &err), PEL_EINVAL);
  CHECK(says(&err, "max_relax_steps must be >= 1, got 99999999999999"));
  CHECK_INT(parse("lbfgs_memory", "17", &err), PEL_EINVAL);
  CHECK_INT(parse("lbfgs_memory", "0", &err), PEL_OK);
  /* yes/no and choices */
  CHECK_INT(parse("relax", "maybe", &err), PEL_EINVAL);
  CHECK(says(&err, "relax expects yes or no, got 'maybe'"));
  CHECK_INT(parse("push_follow", "off", &err), PEL_OK);
  CHECK_INT(parse("mode", "walk", &err), PEL_OK);
  CHECK_INT(parse("mode", "run", &err), PEL_EINVAL);
  CHECK(says(&err, "mode must be sample or walk, got 'run'"));

  /* defaults come from the table, pass their own checks, and every number
   * entry's default lies in its range */
  pel_artn_params p;
  pel_artn_params_default(&p);
  CHECK_INT(pel_artn_params_check(&p, &err), PEL_OK);
  int ne = 0;
  const pel_param *te = pel_artn_param_table(&ne);
  for (int i = 0; i < ne; i++) {
    char buf[64], d[64];
    pel_param_format(&te[i], &p, buf, sizeof buf);
    pel_param_format_default(&te[i], d, sizeof d);
    CHECK(strcmp(buf, d) == 0);
  }
  /* relations between keywords */
  pel_artn_params q = p;
  q.relax = 0;
  CHECK_INT(pel_artn_params_check(&q, &err), PEL_EINVAL);
  CHECK(says(&err, "connect yes requires relax yes"));
  q = p;
  q.fire_dtmax = 0.05;
  CHECK_INT(pel_artn_params_check(&q, &err), PEL_EINVAL);
  CHECK(says(&err, "fire_dtmax"));

  /* outside metal units: tuning values scale with the given push_step (a
   * length) and ftol (a force); given ones and dimensionless ones stay */
  {
    pel_artn_params r;
    pel_artn_params_default(&r);
    int *given = calloc((size_t)ne, sizeof *given);
    r.push_step = 2.0 * p.push_step;
    r.ftol = 3.0 * p.ftol;
    r.connect_dist = 0.7;
    given[pel_param_find(te, ne, "connect_dist")] = 1;
    pel_artn_params_derive_units(&r, given);
    CHECK_CLOSE(r.push_over, 2.0 * p.push_over, 1e-15);           /* length */
    CHECK_CLOSE(r.relax_ftol, 3.0 * p.relax_ftol, 1e-15);         /* force */
    CHECK_CLOSE(r.trivial_barrier, 6.0 * p.trivial_barrier, 1e-15); /* energy */
    CHECK_CLOSE(r.fire_dt, p.fire_dt * sqrt(2.0 / 3.0), 1e-15);   /* time */
    CHECK_CLOSE(r.connect_dist, 0.7, 0.0);
    CHECK_CLOSE(r.lbfgs_switch, p.lbfgs_switch, 0.0);
    CHECK_CLOSE(r.active_radius, -1.0, 0.0); /* auto stays auto */
    CHECK_CLOSE(r.active_pad, 2.0 * p.active_pad, 1e-15);
    free(given);
  }

  /* a number keyword that also takes a word: active_radius R or auto */
  {
    const pel_param *k = &te[pel_param_find(te, ne, "active_radius")];
    pel_artn_params r;
    pel_artn_params_default(&r);
    char buf[64];
    pel_param_format(k, &r, buf, sizeof buf);
    CHECK(strcmp(buf, "auto") == 0);
    CHECK_INT(pel_param_parse(k, &r, "12.5", &err), PEL_OK);
    CHECK_CLOSE(r.active_radius, 12.5, 0.0);
    CHECK_INT(pel_param_word_index(k, r.active_radius), -1);
    pel_param_format(k, &r, buf, sizeof buf);
    CHECK(strcmp(buf, "12.5") == 0);
    CHECK_INT(pel_artn_params_check(&r, &err), PEL_OK);
    CHECK_INT(pel_param_parse(k, &r, "auto", &err), PEL_OK);
    CHECK_INT(pel_param_word_index(k, r.active_radius), 0);
    CHECK_INT(pel_artn_params_check(&r, &err), PEL_OK);
    /* the stored value of the word is no number a user can give */
    CHECK_INT(pel_param_parse(k, &r, "-1", &err), PEL_EINVAL);
    CHECK(says(&err, "active_radius must be >= 0 or auto, got -1"));
    CHECK_INT(pel_param_parse(k, &r, "Auto", &err), PEL_EINVAL);
    CHECK(says(&err, "active_radius expects a number or auto, got 'Auto'"));
    r.active_radius = -2.0; /* no second word */
    CHECK_INT(pel_param_check(k, &r, &err), PEL_EINVAL);
    r.active_radius = -1e300; /* far below any word */
    CHECK_INT(pel_param_word_index(k, r.active_radius), -1);
    CHECK_INT(pel_param_check(k, &r, &err), PEL_EINVAL);
    /* a word only where the table has one */
    const pel_param *f = &te[pel_param_find(te, ne, "ftol")];
    CHECK_INT(pel_param_word_index(f, -1.0), -1);
    CHECK_INT(pel_param_parse(f, &r, "auto", &err), PEL_EINVAL);
    CHECK(says(&err, "ftol expects a number, got 'auto'"));
  }

  /* active_radius auto: R = twice the cutoff (Cu_mishin1: 5.50679 A), the
   * region R + cutoff + active_pad = 19.52037 A; its share of fcc Cu boxes of
   * 11 and 12 cells of 3.615 A (by hand: 0.4955 and 0.3817): full calls in
   * the first, local in the second; a short cutoff takes cluster_radius */
  {
    pel_artn_params r;
    pel_artn_params_default(&r);
    double R, reach, share;
    CHECK_INT(pel_artn_auto_radius(&r, 5.50679, pow(11 * 3.615, 3), &R, &reach, &share), 0);
    CHECK_CLOSE(R, 11.01358, 1e-12);
    CHECK_CLOSE(reach, 19.52037, 1e-12);
    CHECK_CLOSE(share, 0.49551, 1e-5);
    CHECK_INT(pel_artn_auto_radius(&r, 5.50679, pow(12 * 3.615, 3), &R, &reach, &share), 1);
    CHECK_CLOSE(share, 0.38167, 1e-5);
    CHECK_INT(pel_artn_auto_radius(&r, 1.0, 1e6, &R, &reach, &share), 1);
    CHECK_CLOSE(R, r.cluster_radius, 0.0);
    CHECK_CLOSE(reach, r.cluster_radius + 1.0 + r.active_pad, 1e-12);
  }

  /* docs/fix_artn.md holds exactly the generated tables */
  {
    char *doc = slurp(DOC), *sec = generated();
    CHECK(doc != NULL);
    if (doc) {
      char *want = with_section(doc, sec);
      CHECK(want != NULL);
      if (want && strcmp(want, doc) != 0) {
        fprintf(stderr,
                "%s: the keyword tables differ from the parameter tables; regenerate them with "
                "`tests/test_param --write-docs docs/fix_artn.md` (from the build's parent)\n",
                DOC);
        CHECK(0);
      }
      free(want);
    }
    free(doc);
    free(sec);
  }
  return pel_test_report("test_param");
}
