#include "cli/cli.h"
int vo_cmd_import(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    return 1;
}
