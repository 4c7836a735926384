// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "nl-parse.h"
#include "collector.h"

static const struct nl_policy packet_policy[PACKET_DIAG_MAX + 1] = {
	[PACKET_DIAG_INFO] = NL_POLICY_MIN(sizeof(struct packet_diag_info)),
	[PACKET_DIAG_UID] = NL_POLICY_EXACT(sizeof(uint32_t)),
	[PACKET_DIAG_MEMINFO] =
		NL_POLICY_MIN((SK_MEMINFO_RMEM_ALLOC + 1) * sizeof(uint32_t)),
	/* -e */
	[PACKET_DIAG_RX_RING] = NL_POLICY_MIN(sizeof(struct packet_diag_ring)),
	[PACKET_DIAG_TX_RING] = NL_POLICY_MIN(sizeof(struct packet_diag_ring)),
	[PACKET_DIAG_FANOUT] = NL_POLICY_EXACT(sizeof(uint32_t)),
};

static void packet_ring(const struct nlattr *a, struct sock_pkt_ring *ret)
{
	struct packet_diag_ring r;

	memcpy(&r, mnl_attr_get_payload(a), sizeof(r));
	*ret = (struct sock_pkt_ring){
		.block_size = r.pdr_block_size,
		.block_nr = r.pdr_block_nr,
		.frame_size = r.pdr_frame_size,
		.frame_nr = r.pdr_frame_nr,
		.retire_tmo = r.pdr_retire_tmo,
		.features = r.pdr_features,
	};
}

int nl_packet_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[PACKET_DIAG_MAX + 1];
	const struct packet_diag_msg *m;
	struct sock_rec rec;
	int r;

	r = nl_attr_parse(nlh, sizeof(*m), packet_policy, PACKET_DIAG_MAX,
			  tb);
	if (r < 0)
		return r;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->pdiag_family != AF_PACKET)
		return -EBADMSG;
	/* ss files the old SOCK_PACKET type with the cooked sockets. */
	if (m->pdiag_type != SOCK_RAW && m->pdiag_type != SOCK_DGRAM &&
	    m->pdiag_type != SOCK_PACKET)
		return NL_PARSE_SKIP;

	rec = (struct sock_rec){
		.netid = m->pdiag_type == SOCK_RAW ? SOCK_NETID_PACKET_RAW
						   : SOCK_NETID_PACKET_DGRAM,
		.source = SOCK_SOURCE_NETLINK,
		.family = AF_PACKET,
		/* A packet socket has no state; ss shows UNCONN. */
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		/* Host order already: the kernel sends ntohs(po->num). */
		.protocol = m->pdiag_num,
		.inode = m->pdiag_ino,
		.cookie = (uint64_t)m->pdiag_cookie[0] |
			  (uint64_t)m->pdiag_cookie[1] << 32,
		.has_cookie = true,
		.recv_q = nl_attr_meminfo(tb[PACKET_DIAG_MEMINFO],
					  SK_MEMINFO_RMEM_ALLOC),
	};
	if (tb[PACKET_DIAG_INFO]) {
		struct packet_diag_info info;

		memcpy(&info, mnl_attr_get_payload(tb[PACKET_DIAG_INFO]),
		       sizeof(info));
		rec.ifindex = info.pdi_index;
		rec.detail.has_pkt_info = true;
		rec.detail.pkt_version = info.pdi_version;
		rec.detail.pkt_copy_thresh = info.pdi_copy_thresh;
		rec.detail.pkt_flags = info.pdi_flags;
	}
	if (tb[PACKET_DIAG_RX_RING]) {
		rec.detail.has_rx_ring = true;
		packet_ring(tb[PACKET_DIAG_RX_RING], &rec.detail.rx_ring);
	}
	if (tb[PACKET_DIAG_TX_RING]) {
		rec.detail.has_tx_ring = true;
		packet_ring(tb[PACKET_DIAG_TX_RING], &rec.detail.tx_ring);
	}
	if (tb[PACKET_DIAG_FANOUT]) {
		rec.detail.has_fanout = true;
		rec.detail.fanout = nl_attr_u32(tb[PACKET_DIAG_FANOUT]);
	}
	if (tb[PACKET_DIAG_UID]) {
		rec.uid = nl_attr_u32(tb[PACKET_DIAG_UID]);
		rec.has_uid = true;
	}
	/* Always asked for, for the queues; -m shows it whole. */
	if (tb[PACKET_DIAG_MEMINFO])
		nl_skmem_fill(tb[PACKET_DIAG_MEMINFO], &rec.detail);
	*ret = rec;
	return 0;
}

static int packet_parse(const struct nlmsghdr *nlh, const void *arg,
			struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_packet_parse(nlh, ret_rec);

	if (r == 0)
		*ret_key = ret_rec->cookie;
	return r;
}

static int packet_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_REQ_SIZE(
		sizeof(struct packet_diag_req))];
	struct nlmsghdr *nlh = nl_request(buf, sizeof(struct packet_diag_req));
	struct packet_diag_req *pdr = mnl_nlmsg_get_payload(nlh);

	pdr->sdiag_family = AF_PACKET;
	/* INFO brings PACKET_DIAG_UID along. */
	pdr->pdiag_show = PACKET_SHOW_INFO | PACKET_SHOW_MEMINFO;
	if (req->detail & SOCK_DETAIL_EXTENDED)
		pdr->pdiag_show |= PACKET_SHOW_RING_CFG | PACKET_SHOW_FANOUT;
	return nl_collect_req(nlh, packet_parse, NULL, req);
}

const struct collector nl_packet_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_PACKET,
	.netids = 1u << SOCK_NETID_PACKET_RAW | 1u << SOCK_NETID_PACKET_DGRAM,
	.collect = packet_collect,
};
