/* pelstat command-line tool: analysis of fix artn event logs.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "pel_version.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
  fprintf(out, "usage: pelstat <command> [options] FILE...\n"
               "\n"
               "commands:\n"
               "  version     print the version and exit\n"
               "  help        print this message\n");
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
    printf("pelstat %s\n", PELSTAT_VERSION_STRING);
    return 0;
  }
  if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    usage(stdout);
    return 0;
  }
  fprintf(stderr, "pelstat: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
