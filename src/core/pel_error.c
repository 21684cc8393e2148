#include "pel_error.h"

#include <stdarg.h>
#include <stdio.h>

pel_status pel_error_set(pel_error *err, pel_status code, const char *fmt, ...)
{
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    err->code = code;
  }
  return code;
}

void pel_error_clear(pel_error *err)
{
  if (err) {
    err->code = PEL_OK;
    err->msg[0] = '\0';
  }
}

const char *pel_strstatus(pel_status code)
{
  switch (code) {
  case PEL_OK: return "success";
  case PEL_EINVAL: return "invalid argument";
  case PEL_ENOMEM: return "out of memory";
  case PEL_EIO: return "input/output error";
  case PEL_EFORMAT: return "malformed input";
  case PEL_ENOCONV: return "no convergence";
  case PEL_ERANGE: return "out of range";
  case PEL_EFAIL: return "failure";
  }
  return "unknown status";
}
