// SPDX-License-Identifier: GPL-2.0-or-later
/* cmd-info.c - `sofvfio info` (being written). */
#include "commands.h"
#include "sofvfio/device.h"
#include <stdio.h>

int cmd_info(int argc, char **argv)
{
	fprintf(stderr, "sofvfio info: not implemented yet\n");
	return 1;
}
