/*
 * serve.h - the `voronka serve` subcommand (serve.c), which the binary
 * (main.c) adds to the command line: it joins src/cli/ to src/http/.
 */
#ifndef VO_SERVE_H
#define VO_SERVE_H

/* Runs `voronka serve` (argv[0] is "serve"); returns the exit code. */
int vo_cmd_serve(int argc, char **argv);

#endif
