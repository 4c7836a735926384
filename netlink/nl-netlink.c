// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/sock_diag.h>

#include "nl-parse.h"
#include "collector.h"

static const struct nl_policy netlink_policy[NETLINK_DIAG_MAX + 1] = {
	[NETLINK_DIAG_MEMINFO] =
		NL_POLICY_MIN((SK_MEMINFO_WMEM_ALLOC + 1) * sizeof(uint32_t)),
	[NETLINK_DIAG_GROUPS] = NL_POLICY_MIN(0),
};

/* The first 32 groups. The bitmap is an array of unsigned long in the
 * kernel's byte order, ours: reading its first long keeps bit n = group
 * n + 1 on either endianness. */
static int netlink_groups(const struct nlattr *a, uint32_t *ret)
{
	size_t len = mnl_attr_get_payload_len(a);
	unsigned long first = 0;
	uint32_t first32 = 0;

	if (len % sizeof(uint32_t))
		return -EBADMSG;
	if (len >= sizeof(first)) {
		memcpy(&first, mnl_attr_get_payload(a), sizeof(first));
		*ret = (uint32_t)first;
	} else if (len >= sizeof(first32)) {
		memcpy(&first32, mnl_attr_get_payload(a), sizeof(first32));
		*ret = first32;
	}
	return 0;
}

int nl_netlink_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[NETLINK_DIAG_MAX + 1];
	const struct netlink_diag_msg *m;
	struct sock_rec rec;
	int r;

	r = nl_attr_parse(nlh, sizeof(*m), netlink_policy, NETLINK_DIAG_MAX,
			  tb);
	if (r < 0)
		return r;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->ndiag_family != AF_NETLINK)
		return -EBADMSG;

	rec = (struct sock_rec){
		.netid = SOCK_NETID_NETLINK,
		.source = SOCK_SOURCE_NETLINK,
		.family = AF_NETLINK,
		/* ss shows every netlink socket UNCONN, connected or not. */
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = m->ndiag_protocol,
		.portid = m->ndiag_portid,
		.dst_portid = m->ndiag_dst_portid,
		.dst_group = m->ndiag_dst_group,
		.nl_connected = m->ndiag_state == NETLINK_CONNECTED,
		.inode = m->ndiag_ino,
		.cookie = (uint64_t)m->ndiag_cookie[0] |
			  (uint64_t)m->ndiag_cookie[1] << 32,
		.has_cookie = true,
		.recv_q = nl_attr_meminfo(tb[NETLINK_DIAG_MEMINFO],
					  SK_MEMINFO_RMEM_ALLOC),
		.send_q = nl_attr_meminfo(tb[NETLINK_DIAG_MEMINFO],
					  SK_MEMINFO_WMEM_ALLOC),
	};
	if (tb[NETLINK_DIAG_GROUPS]) {
		r = netlink_groups(tb[NETLINK_DIAG_GROUPS], &rec.groups);
		if (r < 0)
			return r;
	}
	/* Always asked for, for the queues; -m shows it whole. */
	if (tb[NETLINK_DIAG_MEMINFO])
		nl_skmem_fill(tb[NETLINK_DIAG_MEMINFO], &rec.detail);
	*ret = rec;
	return 0;
}

static int netlink_parse(const struct nlmsghdr *nlh, const void *arg,
			 struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_netlink_parse(nlh, ret_rec);

	if (r == 0)
		*ret_key = ret_rec->cookie;
	return r;
}

static int netlink_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_REQ_SIZE(
		sizeof(struct netlink_diag_req))];
	struct nlmsghdr *nlh = nl_request(buf, sizeof(struct netlink_diag_req));
	struct netlink_diag_req *ndr = mnl_nlmsg_get_payload(nlh);

	ndr->sdiag_family = AF_NETLINK;
	ndr->sdiag_protocol = NDIAG_PROTO_ALL;
	ndr->ndiag_show = NDIAG_SHOW_GROUPS | NDIAG_SHOW_MEMINFO;
	return nl_collect_req(nlh, netlink_parse, NULL, req);
}

const struct collector nl_netlink_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_NETLINK,
	.netids = 1u << SOCK_NETID_NETLINK,
	.collect = netlink_collect,
};
