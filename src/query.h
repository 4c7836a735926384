/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the user asked the kernel for: tables, address families, states. */

#include <stdbool.h>
#include <stdint.h>

#include "sock.h"

#define QUERY_FAMILY_INET (1u << 0)
#define QUERY_FAMILY_INET6 (1u << 1)

/* ss's default without -a/-l: everything but listeners, unconnected,
 * TIME-WAIT and SYN-RECV sockets. */
#define QUERY_STATES_CONNECTED                                                 \
	(SOCK_STATES_ALL &                                                     \
	 ~((1u << SOCK_STATE_LISTEN) | (1u << SOCK_STATE_CLOSE) |              \
	   (1u << SOCK_STATE_TIME_WAIT) | (1u << SOCK_STATE_SYN_RECV)))
#define QUERY_STATES_LISTENING                                                 \
	((1u << SOCK_STATE_LISTEN) | (1u << SOCK_STATE_CLOSE))

struct sock_query {
	uint32_t netids;   /* bit (1 << enum sock_netid) */
	uint32_t families; /* QUERY_FAMILY_* */
	uint32_t states;   /* bit (1 << enum sock_state) */
};

/* Whether @q selects netid @netid. */
bool query_has_netid(const struct sock_query *q, enum sock_netid netid);

/* Whether @q selects address family @family (AF_INET, AF_INET6). */
bool query_has_family(const struct sock_query *q, int family);

/* Number of tables @q selects; the table shows Netid when this is > 1. */
unsigned query_count_netids(const struct sock_query *q);
