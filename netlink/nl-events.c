// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "nl-destroy.h"
#include "nl.h"
#include "query.h"

/* Big enough for a burst (each event is ~100 bytes of message and some
 * kernel overhead); the kernel caps it at net.core.rmem_max for us. */
#define EVENTS_RCVBUF (1024 * 1024)

uint32_t nl_events_groups(uint32_t netids, uint32_t families)
{
	bool tcp = netids & (1u << SOCK_NETID_TCP);
	bool udp = netids & (1u << SOCK_NETID_UDP);
	uint32_t g = 0;

	if (families & QUERY_FAMILY_INET) {
		if (tcp)
			g |= NL_EVENTS_GROUP(SKNLGRP_INET_TCP_DESTROY);
		if (udp)
			g |= NL_EVENTS_GROUP(SKNLGRP_INET_UDP_DESTROY);
	}
	if (families & QUERY_FAMILY_INET6) {
		if (tcp)
			g |= NL_EVENTS_GROUP(SKNLGRP_INET6_TCP_DESTROY);
		if (udp)
			g |= NL_EVENTS_GROUP(SKNLGRP_INET6_UDP_DESTROY);
	}
	return g;
}

int nl_events_open(uint32_t groups, struct mnl_socket **ret_nl)
{
	struct mnl_socket *nl;
	int size = EVENTS_RCVBUF;
	int r = nl_open(&nl);

	if (r < 0)
		return r;
	/* Best effort: the default buffer works, only sooner overflows. */
	(void)setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF, &size,
			 sizeof(size));
	for (int g = 0; g < 32; g++) {
		if (!(groups & NL_EVENTS_GROUP(g)))
			continue;
		if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &g,
					  sizeof(g)) < 0) {
			r = -errno;
			mnl_socket_close(nl);
			return r;
		}
	}
	*ret_nl = nl;
	return 0;
}

int nl_event_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1];
	enum sock_netid netid;
	struct sock_rec rec;
	int r;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return NL_EVENT_SKIP;
	/* The table is not known before the protocol is read: parse as TCP
	 * and correct it, the fields are the same. */
	r = nl_inet_parse_attrs(nlh, SOCK_NETID_TCP, &rec, tb);
	if (r < 0)
		return r;
	if (!tb[INET_DIAG_PROTOCOL])
		return -EBADMSG;
	switch (mnl_attr_get_u8(tb[INET_DIAG_PROTOCOL])) {
	case IPPROTO_TCP:
		netid = SOCK_NETID_TCP;
		break;
	case IPPROTO_UDP:
		netid = SOCK_NETID_UDP;
		break;
	default:
		return NL_EVENT_SKIP;
	}
	rec.netid = netid;
	*ret = rec;
	return 0;
}
