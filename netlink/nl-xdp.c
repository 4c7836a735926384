// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/sock_diag.h>
#include <linux/xdp_diag.h>

#include "nl-parse.h"
#include "collector.h"

static const struct nl_policy xdp_policy[XDP_DIAG_MAX + 1] = {
	[XDP_DIAG_INFO] = NL_POLICY_MIN(sizeof(struct xdp_diag_info)),
	[XDP_DIAG_UID] = NL_POLICY_EXACT(sizeof(uint32_t)),
	[XDP_DIAG_MEMINFO] =
		NL_POLICY_MIN((SK_MEMINFO_WMEM_ALLOC + 1) * sizeof(uint32_t)),
};

int nl_xdp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[XDP_DIAG_MAX + 1];
	const struct xdp_diag_msg *m;
	struct sock_rec rec;
	int r;

	r = nl_attr_parse(nlh, sizeof(*m), xdp_policy, XDP_DIAG_MAX, tb);
	if (r < 0)
		return r;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->xdiag_family != AF_XDP)
		return -EBADMSG;

	rec = (struct sock_rec){
		.netid = SOCK_NETID_XDP,
		.source = SOCK_SOURCE_NETLINK,
		.family = AF_XDP,
		/* No state to report; ss shows UNCONN. */
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.inode = m->xdiag_ino,
		.cookie = (uint64_t)m->xdiag_cookie[0] |
			  (uint64_t)m->xdiag_cookie[1] << 32,
		.has_cookie = true,
		.recv_q = nl_attr_meminfo(tb[XDP_DIAG_MEMINFO],
					  SK_MEMINFO_RMEM_ALLOC),
		.send_q = nl_attr_meminfo(tb[XDP_DIAG_MEMINFO],
					  SK_MEMINFO_WMEM_ALLOC),
	};
	if (tb[XDP_DIAG_INFO]) {
		struct xdp_diag_info info;

		memcpy(&info, mnl_attr_get_payload(tb[XDP_DIAG_INFO]),
		       sizeof(info));
		rec.ifindex = info.ifindex;
	}
	if (tb[XDP_DIAG_UID]) {
		rec.uid = nl_attr_u32(tb[XDP_DIAG_UID]);
		rec.has_uid = true;
	}
	/* Always asked for, for the queues; -m shows it whole. */
	if (tb[XDP_DIAG_MEMINFO])
		nl_skmem_fill(tb[XDP_DIAG_MEMINFO], &rec.detail);
	*ret = rec;
	return 0;
}

static int xdp_parse(const struct nlmsghdr *nlh, const void *arg,
		     struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_xdp_parse(nlh, ret_rec);

	if (r == 0)
		*ret_key = ret_rec->cookie;
	return r;
}

static int xdp_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_REQ_SIZE(
		sizeof(struct xdp_diag_req))];
	struct nlmsghdr *nlh = nl_request(buf, sizeof(struct xdp_diag_req));
	struct xdp_diag_req *xdr = mnl_nlmsg_get_payload(nlh);

	xdr->sdiag_family = AF_XDP;
	/* INFO brings XDP_DIAG_UID along. */
	xdr->xdiag_show = XDP_SHOW_INFO | XDP_SHOW_MEMINFO;
	return nl_collect_req(nlh, xdp_parse, NULL, req);
}

const struct collector nl_xdp_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_XDP,
	.netids = 1u << SOCK_NETID_XDP,
	.collect = xdp_collect,
};
