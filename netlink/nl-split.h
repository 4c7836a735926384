/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The TCP dump with its bind-hash walk on a second thread (see
 * nl-tcp-split.c): what nl-inet.c calls when a dump asks for
 * bound-inactive sockets and other states at once.
 */

#include <stdbool.h>
#include <stdint.h>

#include "nl.h"

/* Whether splitting pays for a TCP dump of @states (bit (1 << enum
 * sock_state)): bound-inactive and something else asked, two CPUs. */
bool nl_split_worth(uint32_t states);

/*
 * Runs @main_req (every state but bound-inactive) as nl_collect() does
 * while @side_req (bound-inactive only) runs on another thread and
 * socket, and emits the side's sockets where one dump would have: after
 * the listeners, before the first other socket. Both requests are
 * borrowed and complete but for their sequence numbers. Returns as
 * nl_collect(); a failure of the side dump is returned after the main
 * dump's sockets are out.
 */
int nl_split_collect(struct nlmsghdr *main_req, struct nlmsghdr *side_req,
		     nl_parse_fn parse, const void *arg, sock_emit_fn emit,
		     void *userdata);
