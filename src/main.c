/*
 * main.c - the voronka binary: everything it does is a subcommand of the
 * command line (src/cli/).
 */
#include <locale.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    return vo_cli_main(argc, argv);
}
