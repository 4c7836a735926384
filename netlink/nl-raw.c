// SPDX-License-Identifier: GPL-2.0-or-later
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "nl-parse.h"
#include "collector.h"

int nl_raw_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1];
	struct sock_rec rec;
	int r;

	r = nl_inet_parse_attrs(nlh, SOCK_NETID_RAW, &rec, tb);
	if (r < 0)
		return r;
	/* A raw socket's "port" is inet_num, the protocol it was opened
	 * for; the kernel also sends that as INET_DIAG_PROTOCOL, which
	 * wins when present (it is sk_protocol, what /proc shows). */
	rec.protocol = tb[INET_DIAG_PROTOCOL]
			       ? mnl_attr_get_u8(tb[INET_DIAG_PROTOCOL])
			       : rec.local_port;
	*ret = rec;
	return 0;
}

static int raw_parse(const struct nlmsghdr *nlh, const void *arg,
		     struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_raw_parse(nlh, ret_rec);

	if (r >= 0)
		*ret_key = ret_rec->cookie;
	return r;
}

static int raw_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_INET_REQ_SIZE];
	/* IPPROTO_RAW picks raw_diag. Its dump lists every raw socket of
	 * the family whatever sdiag_raw_protocol says (that field only
	 * selects the socket of a single lookup) and ignores the states,
	 * so both are left for the caller to filter. */
	struct nlmsghdr *nlh = nl_inet_request(
		buf, IPPROTO_RAW, req->family,
		req->states);

	nl_inet_request_detail(nlh, req->detail);
	return nl_collect_req(nlh, raw_parse, NULL, req);
}

const struct collector nl_raw_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_RAW,
	.collect = raw_collect,
};
