// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include "nl-parse.h"
#include "collector.h"

static const struct nl_policy unix_policy[UNIX_DIAG_MAX + 1] = {
	[UNIX_DIAG_NAME] = NL_POLICY_MIN(0),
	[UNIX_DIAG_VFS] = NL_POLICY_MIN(sizeof(struct unix_diag_vfs)),
	[UNIX_DIAG_PEER] = NL_POLICY_EXACT(sizeof(uint32_t)),
	[UNIX_DIAG_RQLEN] = NL_POLICY_MIN(sizeof(struct unix_diag_rqlen)),
	[UNIX_DIAG_UID] = NL_POLICY_EXACT(sizeof(uint32_t)),
	[UNIX_DIAG_SHUTDOWN] = NL_EXTRA_EXACT(sizeof(uint8_t)),
	/* -m, -e: checked by their readers. */
	[UNIX_DIAG_MEMINFO] = NL_POLICY_MIN(0),
	[UNIX_DIAG_ICONS] = NL_POLICY_MIN(0),
};

/* Points rec->path at the bound name in @a. A path name comes with its
 * terminating NUL (the kernel keeps strlen + 1 bytes); the record holds
 * the name alone. An abstract name is binary: every byte counts. */
static void unix_name(struct sock_rec *rec, const struct nlattr *a)
{
	const char *name = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);

	if (len > 0 && name[0] != '\0')
		len = strnlen(name, len);
	if (len == 0)
		return;
	rec->path = name;
	rec->path_len = len;
}

int nl_unix_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	const struct nlattr *tb[UNIX_DIAG_MAX + 1];
	const struct unix_diag_msg *m;
	struct sock_rec rec;
	int netid, r;

	r = nl_attr_parse(nlh, sizeof(*m), unix_policy, UNIX_DIAG_MAX, tb);
	if (r < 0)
		return r;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->udiag_family != AF_UNIX)
		return -EBADMSG;
	netid = sock_unix_netid(m->udiag_type);
	if (netid < 0)
		return NL_PARSE_SKIP;

	rec = (struct sock_rec){
		.netid = (enum sock_netid)netid,
		.source = SOCK_SOURCE_NETLINK,
		.family = AF_UNIX,
		.state = m->udiag_state <= SOCK_STATE_CLOSING ? m->udiag_state
							  : SOCK_STATE_UNKNOWN,
		.v6only = -1,
		.inode = m->udiag_ino,
		.cookie = (uint64_t)m->udiag_cookie[0] |
			  (uint64_t)m->udiag_cookie[1] << 32,
		.has_cookie = true,
	};
	/* Extras of another size (r of them) are left out, counted. */
	nl_count_dropped(&rec.detail, r);
	if (tb[UNIX_DIAG_NAME])
		unix_name(&rec, tb[UNIX_DIAG_NAME]);
	if (tb[UNIX_DIAG_PEER])
		rec.peer_inode = nl_attr_u32(tb[UNIX_DIAG_PEER]);
	if (tb[UNIX_DIAG_RQLEN]) {
		struct unix_diag_rqlen q;

		/* For a listener: pending connections and the backlog. */
		memcpy(&q, mnl_attr_get_payload(tb[UNIX_DIAG_RQLEN]),
		       sizeof(q));
		rec.recv_q = q.udiag_rqueue;
		rec.send_q = q.udiag_wqueue;
	}
	if (tb[UNIX_DIAG_VFS]) {
		struct unix_diag_vfs v;

		memcpy(&v, mnl_attr_get_payload(tb[UNIX_DIAG_VFS]), sizeof(v));
		rec.has_vfs = true;
		/* The kernel sends its internal dev_t (major << 20 |
		 * minor), not the encoding stat(2) gives userspace: turn
		 * it into st_dev's, so the two can be compared. */
		rec.vfs_dev = (uint32_t)makedev(v.udiag_vfs_dev >> 20,
						v.udiag_vfs_dev & 0xfffff);
		rec.vfs_inode = v.udiag_vfs_ino;
	}
	if (tb[UNIX_DIAG_UID]) {
		rec.uid = nl_attr_u32(tb[UNIX_DIAG_UID]);
		rec.has_uid = true;
	}
	if (tb[UNIX_DIAG_SHUTDOWN]) {
		rec.detail.has_shutdown = true;
		rec.detail.shutdown = mnl_attr_get_u8(tb[UNIX_DIAG_SHUTDOWN]);
	}
	if (tb[UNIX_DIAG_MEMINFO]) {
		r = nl_skmem_parse(tb[UNIX_DIAG_MEMINFO], &rec.detail);
		if (r < 0)
			return r;
	}
	if (tb[UNIX_DIAG_ICONS]) {
		/* A listener's queue: the inodes of the connections that
		 * wait for accept(), as u32s. */
		size_t len = mnl_attr_get_payload_len(tb[UNIX_DIAG_ICONS]);

		if (len % sizeof(uint32_t)) {
			nl_count_dropped(&rec.detail, 1);
		} else {
			rec.detail.icons =
				mnl_attr_get_payload(tb[UNIX_DIAG_ICONS]);
			rec.detail.n_icons = len / sizeof(uint32_t);
		}
	}
	*ret = rec;
	return 0;
}

static int unix_parse(const struct nlmsghdr *nlh, const void *arg,
		      struct sock_rec *ret_rec, uint64_t *ret_key)
{
	int r = nl_unix_parse(nlh, ret_rec);

	if (r == 0)
		*ret_key = ret_rec->cookie;
	return r;
}

static int unix_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_REQ_SIZE(
		sizeof(struct unix_diag_req))];
	struct nlmsghdr *nlh = nl_request(buf, sizeof(struct unix_diag_req));
	struct unix_diag_req *udr = mnl_nlmsg_get_payload(nlh);

	udr->sdiag_family = AF_UNIX;
	udr->udiag_states = req->states;
	udr->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
			  UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
	if (req->detail & SOCK_DETAIL_MEMORY)
		udr->udiag_show |= UDIAG_SHOW_MEMINFO;
	if (req->detail & SOCK_DETAIL_EXTENDED)
		udr->udiag_show |= UDIAG_SHOW_ICONS;
	return nl_collect_req(nlh, unix_parse, NULL, req);
}

const struct collector nl_unix_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_UNIX,
	.netids = 1u << SOCK_NETID_UNIX_STREAM | 1u << SOCK_NETID_UNIX_DGRAM |
		  1u << SOCK_NETID_UNIX_SEQPACKET,
	.collect = unix_collect,
};
