// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "collector.h"
#include "nl.h"
#include "util/hash.h"

/* The attributes the inet parsers read; anything else is skipped. A known
 * attribute of another size means we misunderstand the kernel: refuse,
 * unless it is an extra (mark, cgroup, -e -o -m -i), which is dropped and
 * counted so that one odd attribute does not sink the table.
 * LOCALS and PEERS (sctp) are arrays of sockaddr_storage. */
static const struct nl_policy inet_policy[INET_DIAG_MAX + 1] = {
	[INET_DIAG_SKV6ONLY] = NL_POLICY_EXACT(sizeof(uint8_t)),
	[INET_DIAG_PROTOCOL] = NL_POLICY_EXACT(sizeof(uint8_t)),
	[INET_DIAG_LOCALS] = NL_POLICY_MIN(0),
	[INET_DIAG_PEERS] = NL_POLICY_MIN(0),
	/* Only to CAP_NET_ADMIN, for every socket (TIME-WAIT too). */
	[INET_DIAG_MARK] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	/* For full sockets, on kernels with CONFIG_SOCK_CGROUP_DATA. */
	[INET_DIAG_CGROUP_ID] = NL_EXTRA_EXACT(sizeof(uint64_t)),
	/* -e -o -m -i (nl-inet-detail.c). The structs of INFO and the
	 * congestion controls may be shorter or longer than our headers':
	 * their readers check each field against the length. */
	[INET_DIAG_SHUTDOWN] = NL_EXTRA_EXACT(sizeof(uint8_t)),
	[INET_DIAG_TOS] = NL_EXTRA_EXACT(sizeof(uint8_t)),
	[INET_DIAG_TCLASS] = NL_EXTRA_EXACT(sizeof(uint8_t)),
	[INET_DIAG_MEMINFO] = NL_EXTRA_MIN(sizeof(struct inet_diag_meminfo)),
	[INET_DIAG_SKMEMINFO] = NL_POLICY_MIN(0),
	[INET_DIAG_INFO] = NL_POLICY_MIN(0),
	[INET_DIAG_CONG] = NL_POLICY_MIN(0),
	[INET_DIAG_VEGASINFO] = NL_POLICY_MIN(0),
	[INET_DIAG_DCTCPINFO] = NL_POLICY_MIN(0),
	[INET_DIAG_BBRINFO] = NL_POLICY_MIN(0),
	[INET_DIAG_ULP_INFO] = NL_POLICY_MIN(0),
};

int nl_inet_parse_attrs(const struct nlmsghdr *nlh, enum sock_netid netid,
			struct sock_rec *ret, const struct nlattr **tb)
{
	const struct inet_diag_msg *m;
	struct sock_rec rec;
	uint8_t state;
	int r, dropped;

	dropped = nl_attr_parse(nlh, sizeof(*m), inet_policy, INET_DIAG_MAX,
				tb);
	if (dropped < 0)
		return dropped;
	m = mnl_nlmsg_get_payload(nlh);
	if (m->idiag_family != AF_INET && m->idiag_family != AF_INET6)
		return -EBADMSG;
	/* 12 and 13 are the kernel's request-socket and query-only
	 * states: never a socket's state in a reply. */
	state = m->idiag_state <= SOCK_STATE_CLOSING ? m->idiag_state
						     : SOCK_STATE_UNKNOWN;
	rec = (struct sock_rec){
		.netid = netid,
		.source = SOCK_SOURCE_NETLINK,
		.family = m->idiag_family,
		.state = state,
		.v6only = -1,
		.local_port = ntohs(m->id.idiag_sport),
		.peer_port = ntohs(m->id.idiag_dport),
		.recv_q = m->idiag_rqueue,
		.send_q = m->idiag_wqueue,
		.ifindex = m->id.idiag_if,
		.inode = m->idiag_inode,
		.uid = m->idiag_uid,
		.cookie = (uint64_t)m->id.idiag_cookie[0] |
			  (uint64_t)m->id.idiag_cookie[1] << 32,
		.has_cookie = true,
		.has_uid = true,
	};
	/* The kernel fills all 16 bytes for inet6 and only the first 4 for
	 * inet; the zero tail of inet stays zero. */
	memcpy(rec.local_addr, m->id.idiag_src,
	       m->idiag_family == AF_INET ? 4 : 16);
	memcpy(rec.peer_addr, m->id.idiag_dst,
	       m->idiag_family == AF_INET ? 4 : 16);
	if (tb[INET_DIAG_SKV6ONLY])
		rec.v6only = (int8_t)(
			mnl_attr_get_u8(tb[INET_DIAG_SKV6ONLY]) != 0);
	if (tb[INET_DIAG_MARK]) {
		rec.has_mark = true;
		rec.mark = nl_attr_u32(tb[INET_DIAG_MARK]);
	}
	if (tb[INET_DIAG_CGROUP_ID]) {
		/* 8 bytes the kernel may leave 4-byte aligned */
		rec.has_cgroup_id = true;
		memcpy(&rec.cgroup_id,
		       mnl_attr_get_payload(tb[INET_DIAG_CGROUP_ID]),
		       sizeof(rec.cgroup_id));
	}
	nl_count_dropped(&rec.detail, dropped);
	r = nl_inet_detail_parse(m, tb, netid, &rec.detail);
	if (r < 0)
		return r;
	*ret = rec;
	return 0;
}

int nl_inet_parse(const struct nlmsghdr *nlh, enum sock_netid netid,
		  struct sock_rec *ret)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1];

	return nl_inet_parse_attrs(nlh, netid, ret, tb);
}

struct nlmsghdr *nl_inet_request(void *buf, int protocol, int family,
				 uint32_t states)
{
	struct nlmsghdr *nlh = nl_request(buf, sizeof(struct inet_diag_req_v2));
	struct inet_diag_req_v2 *req = mnl_nlmsg_get_payload(nlh);

	req->sdiag_family = (uint8_t)family;
	req->idiag_states = states;
	if (protocol <= UINT8_MAX) {
		req->sdiag_protocol = (uint8_t)protocol;
	} else {
		/* sdiag_protocol stays 0, a protocol with no diag module:
		 * a kernel older than the attribute answers ENOENT instead
		 * of dumping protocol (uint8_t)262 == TCP under our name. */
		mnl_attr_put_u32(nlh, INET_DIAG_REQ_PROTOCOL,
				 (uint32_t)protocol);
	}
	return nlh;
}

uint64_t nl_inet_key(const struct sock_rec *rec)
{
	uint64_t h;

	/* An MPTCP socket accepted from a listener is a copy of it
	 * (mptcp_sk_clone_init: sk_clone_lock, cookie and all): once the
	 * listener's cookie exists, every connection it accepts reports
	 * the same one. The addresses and the inode tell them apart; a
	 * socket dumped twice still has the same of all. */
	if (rec->netid != SOCK_NETID_MPTCP)
		return rec->cookie;
	h = hash_bytes(HASH_SEED, &rec->cookie, sizeof(rec->cookie));
	h = hash_bytes(h, &rec->inode, sizeof(rec->inode));
	h = hash_bytes(h, &rec->local_port, sizeof(rec->local_port));
	h = hash_bytes(h, &rec->peer_port, sizeof(rec->peer_port));
	h = hash_bytes(h, rec->local_addr, sizeof(rec->local_addr));
	h = hash_bytes(h, rec->peer_addr, sizeof(rec->peer_addr));
	/* 0 is the seen set's "no cookie"; keep it for no cookie. */
	return h ? h : 1;
}

void nl_inet_request_detail(struct nlmsghdr *req, unsigned detail)
{
	struct inet_diag_req_v2 *r = mnl_nlmsg_get_payload(req);

	r->idiag_ext = nl_inet_ext(detail);
}

int nl_inet_parse_keyed(const struct nlmsghdr *nlh, const void *arg,
			struct sock_rec *ret_rec, uint64_t *ret_key)
{
	const enum sock_netid *netid = arg;
	int r = nl_inet_parse(nlh, *netid, ret_rec);

	if (r < 0)
		return r;
	/* The only CLOSE sockets a TCP dump holds are the bound-inactive
	 * ones, which the kernel reports as CLOSE. (A destroy event's CLOSE
	 * is another matter: nl-events.c does not come here.) */
	if (*netid == SOCK_NETID_TCP && ret_rec->state == SOCK_STATE_CLOSE)
		ret_rec->state = SOCK_STATE_BOUND_INACTIVE;
	*ret_key = nl_inet_key(ret_rec);
	return r;
}

bool nl_bc_may_be_refused(const void *code, size_t len)
{
	const uint8_t *p = code;

	/* Walked as the kernel's audit walks it: each op's "yes" is the
	 * distance to the next op. */
	while (len >= sizeof(struct inet_diag_bc_op)) {
		struct inet_diag_bc_op op;

		memcpy(&op, p, sizeof(op));
		if (op.code == INET_DIAG_BC_MARK_COND ||
		    op.code == INET_DIAG_BC_CGROUP_COND)
			return true;
		if (op.yes < sizeof(op) || op.yes > len)
			return false;
		p += op.yes;
		len -= op.yes;
	}
	return false;
}

/* Builds in @buf the request for @states, with @detail and @code. */
static struct nlmsghdr *build(void *buf, int protocol, int family,
			      uint32_t states, const void *code,
			      size_t code_len, unsigned detail)
{
	struct nlmsghdr *nlh = nl_inet_request(buf, protocol, family, states);

	nl_inet_request_detail(nlh, detail);
	if (code)
		mnl_attr_put(nlh, INET_DIAG_REQ_BYTECODE, code_len, code);
	return nlh;
}

/* One dump of @states, through req's tape when it has one. */
static int dump(enum sock_netid netid, int protocol, int family,
		uint32_t states, const void *code, size_t code_len,
		unsigned detail, const struct collect_req *req)
{
	size_t size = NL_INET_REQ_SIZE + MNL_ATTR_HDRLEN + MNL_ALIGN(code_len);
	struct nlmsghdr *nlh;
	void *buf;
	int r;

	/* malloc's alignment is enough for struct nlmsghdr. */
	buf = malloc(size);
	if (!buf)
		return -ENOMEM;
	nlh = build(buf, protocol, family, states, code, code_len, detail);
	r = nl_collect_req(nlh, nl_inet_parse_keyed, &netid, req);
	free(buf);
	return r;
}

/* nl_inet_collect_req(), the refusal of req->bytecode (when the dump
 * was asked again without it) in *ret_refused if not NULL. */
static int inet_collect(enum sock_netid netid, int protocol,
			const struct collect_req *req, int *ret_refused)
{
	const void *code = req->bytecode;
	size_t code_len = req->bytecode_len;
	int r = dump(netid, protocol, req->family, req->states, code,
		     code_len, req->detail, req);

	/* The kernel audits a program before it dumps a socket and refuses
	 * a mark test without CAP_NET_ADMIN (EPERM) or a cgroup test
	 * without CONFIG_SOCK_CGROUP_DATA (EINVAL). Userspace tests every
	 * record anyway: for such a program only, ask again for everything
	 * (and say so); any other refusal is a real error. */
	if (code && (r == -EPERM || r == -EINVAL) &&
	    nl_bc_may_be_refused(code, code_len)) {
		if (ret_refused)
			*ret_refused = r;
		r = dump(netid, protocol, req->family, req->states, NULL, 0,
			 req->detail, req);
	}
	return r;
}

int nl_inet_collect(enum sock_netid netid, int protocol, int family,
		    uint32_t states, const void *code, size_t code_len,
		    unsigned detail, sock_emit_fn emit, void *userdata)
{
	struct collect_req req = {
		.family = family,
		.states = states,
		.detail = detail,
		.bytecode = code,
		.bytecode_len = code_len,
		.emit = emit,
		.userdata = userdata,
	};

	return inet_collect(netid, protocol, &req, NULL);
}

int nl_inet_collect_req(enum sock_netid netid, int protocol,
			struct collect_req *req)
{
	return inet_collect(netid, protocol, req, &req->bytecode_refused);
}
