/*
 * main.c - the voronka binary: everything it does is a subcommand of the
 * command line (src/cli/), plus `serve` (serve.c), which this file adds
 * because it joins the command line to the HTTP server (src/http/), two
 * layers that do not include each other.
 */
#include <locale.h>

#include "cli/cli.h"
#include "serve.h"

static const struct vo_cli_cmd binary_commands[] = {
    {"serve", VO_MSG("serve the JSON API and the web app"), vo_cmd_serve},
};

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8");
    return vo_cli_main(argc, argv, binary_commands,
                       sizeof binary_commands / sizeof binary_commands[0]);
}
