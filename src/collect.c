// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <sys/socket.h>

#include "collect.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* In ss's order. Later: /proc fallbacks sit after their netlink peer. */
static const struct collector *const collectors[] = {
	&nl_udp_collector,
	&nl_tcp_collector,
};

static const int families[] = {AF_INET, AF_INET6};

bool collect_error_is_partial(int err)
{
	switch (err) {
	case -EPROTONOSUPPORT: /* no sock_diag at all */
	case -ENOENT:          /* no diag module for this protocol/family */
	case -EOPNOTSUPP:
	case -EAFNOSUPPORT:
	case -EACCES:
	case -EPERM:
		return true;
	default:
		return false;
	}
}

int collect_run(const struct sock_query *q, sock_emit_fn emit,
		collect_warn_fn warn, void *userdata,
		struct collect_where *ret_where)
{
	for (size_t i = 0; i < ELEMENTSOF(collectors); i++) {
		const struct collector *c = collectors[i];

		if (!query_has_netid(q, c->netid))
			continue;
		for (size_t f = 0; f < ELEMENTSOF(families); f++) {
			int r;

			if (!query_has_family(q, families[f]))
				continue;
			r = c->collect(q, families[f], emit, userdata);
			if (r < 0 && collect_error_is_partial(r))
				r = warn(c->netid, families[f], r, userdata);
			if (r < 0) {
				*ret_where = (struct collect_where){
					.netid = (int)c->netid,
					.family = families[f],
				};
				return r;
			}
		}
	}
	return 0;
}
