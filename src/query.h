/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* What the user asked the kernel for: tables, address families, states. */

#include <stdbool.h>
#include <stdint.h>

#include "sock.h"

#define QUERY_FAMILY_INET (1u << 0)
#define QUERY_FAMILY_INET6 (1u << 1)
#define QUERY_FAMILY_UNIX (1u << 2)
#define QUERY_FAMILY_PACKET (1u << 3)
#define QUERY_FAMILY_NETLINK (1u << 4)
#define QUERY_FAMILY_VSOCK (1u << 5)
#define QUERY_FAMILY_TIPC (1u << 6)
#define QUERY_FAMILY_XDP (1u << 7)
#define QUERY_FAMILY_ALL ((1u << 8) - 1)

#define QUERY_NETIDS_ALL ((1u << _SOCK_NETID_MAX) - 1)

/* ss's default without -a/-l for stream tables: everything but listeners,
 * unconnected, bound-inactive, TIME-WAIT and SYN-RECV sockets. (Current
 * ss derives it from its "all" and so asks the kernel for bound-inactive
 * sockets by default too: unconnected sockets in a listing of connected
 * ones, which ss 6.1 did not show.) */
#define QUERY_STATES_CONNECTED                                                 \
	(SOCK_STATES_ALL &                                                     \
	 ~((1u << SOCK_STATE_LISTEN) | (1u << SOCK_STATE_CLOSE) |              \
	   (1u << SOCK_STATE_BOUND_INACTIVE) |                                 \
	   (1u << SOCK_STATE_TIME_WAIT) | (1u << SOCK_STATE_SYN_RECV)))
#define QUERY_STATES_LISTENING                                                 \
	((1u << SOCK_STATE_LISTEN) | (1u << SOCK_STATE_CLOSE))

struct filter;

struct sock_query {
	uint32_t netids;       /* bit (1 << enum sock_netid) */
	uint32_t netids_named; /* the subset the user named (-t, -A tcp,
				* -A all; not the members of -A inet) */
	uint32_t families;     /* QUERY_FAMILY_* */
	/* QUERY_STATES_CONNECTED with states_default set means "ss's
	 * default for each table" (see query_states()); otherwise the
	 * states every table shows. */
	uint32_t states;
	bool states_default;
	/* The FILTER expression, borrowed; NULL: none. Collectors may give
	 * it to the kernel; collect_run() tests every record with it. */
	const struct filter *filter;
};

/* Whether @q selects netid @netid. */
bool query_has_netid(const struct sock_query *q, enum sock_netid netid);

/* Whether @q selects address family @family (AF_INET, AF_UNIX, ...). */
bool query_has_family(const struct sock_query *q, int family);

/* The QUERY_FAMILY_* bit of @family, or 0 if sockscope does not know it. */
uint32_t query_family_bit(int family);

/* The states @q shows for table @netid (bit (1 << enum sock_state)). */
uint32_t query_states(const struct sock_query *q, enum sock_netid netid);

/* The states @q shows in any of the tables @netids (bit (1 << enum
 * sock_netid)) that it selects: what one dump serving those tables asks
 * the kernel for. 0 when it selects none of them. */
uint32_t query_states_any(const struct sock_query *q, uint32_t netids);

/* Number of tables @q selects; the table shows Netid when this is > 1. */
unsigned query_count_netids(const struct sock_query *q);
