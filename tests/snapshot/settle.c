// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>
#include <unistd.h>

#include "harness.h"

#include "settle.h"
#include "spawn.h"

void settle(void)
{
	struct spawn_result a = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tan",
						NULL);

	for (int i = 0; i < 40; i++) {
		struct spawn_result b;

		usleep(250 * 1000);
		b = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tan", NULL);
		if (strcmp(a.out, b.out) == 0) {
			spawn_result_done(&a);
			spawn_result_done(&b);
			return;
		}
		spawn_result_done(&a);
		a = b;
	}
	spawn_result_done(&a);
	fail_msg("the socket queues never settled");
}
