/* pelstat core: status codes and error messages.
 *
 * The core never prints, exits or aborts.  Functions that can fail return a
 * pel_status and, when given a pel_error, fill it with a message the caller
 * (a LAMMPS style or the CLI) can show. */
#ifndef PEL_ERROR_H
#define PEL_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  PEL_OK = 0,
  PEL_EINVAL,  /* invalid argument or parameter */
  PEL_ENOMEM,  /* allocation failed */
  PEL_EIO,     /* file could not be opened, read or written */
  PEL_EFORMAT, /* malformed input (file contents) */
  PEL_ENOCONV, /* iteration did not converge */
  PEL_ERANGE,  /* a value or geometry is outside what the method handles */
  PEL_EFAIL    /* other failure */
} pel_status;

#define PEL_ERROR_MSG_LEN 512

typedef struct {
  pel_status code;
  char msg[PEL_ERROR_MSG_LEN];
} pel_error;

/* Set err (if not NULL) to code and a printf-style message; returns code. */
pel_status pel_error_set(pel_error *err, pel_status code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Reset err to PEL_OK with an empty message. */
void pel_error_clear(pel_error *err);

/* A short name of a status code ("invalid argument", ...). */
const char *pel_strstatus(pel_status code);

#ifdef __cplusplus
}
#endif
#endif
