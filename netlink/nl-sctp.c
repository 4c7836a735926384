// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "nl-parse.h"
#include "util/hash.h"
#include "collector.h"

/* The kernel's enum sctp_state (include/net/sctp/constants.h), which an
 * association reports in idiag_state; no uapi header has it. */
enum {
	SCTP_STATE_CLOSED,
	SCTP_STATE_COOKIE_WAIT,
	SCTP_STATE_COOKIE_ECHOED,
	SCTP_STATE_ESTABLISHED,
	SCTP_STATE_SHUTDOWN_PENDING,
	SCTP_STATE_SHUTDOWN_SENT,
	SCTP_STATE_SHUTDOWN_RECEIVED,
	SCTP_STATE_SHUTDOWN_ACK_SENT,
	_SCTP_STATE_MAX,
};

/* The TCP state an association state means, so that state filters work
 * on associations: a handshake is SYN-SENT, a shutdown we started is
 * FIN-WAIT-1, one the peer started CLOSE-WAIT then LAST-ACK. */
static const uint8_t assoc_states[_SCTP_STATE_MAX] = {
	[SCTP_STATE_CLOSED] = SOCK_STATE_CLOSE,
	[SCTP_STATE_COOKIE_WAIT] = SOCK_STATE_SYN_SENT,
	[SCTP_STATE_COOKIE_ECHOED] = SOCK_STATE_SYN_SENT,
	[SCTP_STATE_ESTABLISHED] = SOCK_STATE_ESTABLISHED,
	[SCTP_STATE_SHUTDOWN_PENDING] = SOCK_STATE_FIN_WAIT1,
	[SCTP_STATE_SHUTDOWN_SENT] = SOCK_STATE_FIN_WAIT1,
	[SCTP_STATE_SHUTDOWN_RECEIVED] = SOCK_STATE_CLOSE_WAIT,
	[SCTP_STATE_SHUTDOWN_ACK_SENT] = SOCK_STATE_LAST_ACK,
};

/* nl_sctp_parse, also saying whether the reply was an association. */
static int sctp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret,
		      bool *ret_assoc)
{
	const struct nlattr *tb[INET_DIAG_MAX + 1];
	const struct inet_diag_msg *m;
	struct sock_rec rec;
	bool assoc;
	int r;

	r = nl_inet_parse_attrs(nlh, SOCK_NETID_SCTP, &rec, tb);
	if (r < 0)
		return r;
	for (int t = INET_DIAG_LOCALS; t <= INET_DIAG_PEERS; t++)
		if (tb[t] && mnl_attr_get_payload_len(tb[t]) %
				     sizeof(struct sockaddr_storage))
			return -EBADMSG;
	/* Only an association lists its peers; an endpoint (the socket)
	 * reports sk_state, already a TCP number. */
	assoc = tb[INET_DIAG_PEERS] != NULL;
	if (assoc) {
		m = mnl_nlmsg_get_payload(nlh);
		rec.state = m->idiag_state < _SCTP_STATE_MAX
				    ? assoc_states[m->idiag_state]
				    : SOCK_STATE_UNKNOWN;
	}
	*ret = rec;
	*ret_assoc = assoc;
	return 0;
}

int nl_sctp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	bool assoc;

	return sctp_parse(nlh, ret, &assoc);
}

int nl_sctp_parse_keyed(const struct nlmsghdr *nlh, const void *arg,
			struct sock_rec *ret_rec, uint64_t *ret_key)
{
	uint64_t h;
	bool assoc;
	int r = sctp_parse(nlh, ret_rec, &assoc);

	if (r < 0)
		return r;
	if (!assoc) {
		*ret_key = ret_rec->cookie;
		return 0;
	}
	/* Associations carry their socket's cookie, so key them by socket
	 * and peer too. The top bit keeps them apart from cookies, which
	 * are a counter far from 2^63. */
	h = hash_bytes(HASH_SEED, &ret_rec->cookie,
		       sizeof(ret_rec->cookie));
	h = hash_bytes(h, &ret_rec->local_port, sizeof(ret_rec->local_port));
	h = hash_bytes(h, &ret_rec->peer_port, sizeof(ret_rec->peer_port));
	h = hash_bytes(h, ret_rec->peer_addr, sizeof(ret_rec->peer_addr));
	*ret_key = h | 1ull << 63;
	return 0;
}

static int sctp_collect(struct collect_req *req)
{
	_Alignas(struct nlmsghdr) char buf[NL_INET_REQ_SIZE];
	struct nlmsghdr *nlh = nl_inet_request(
		buf, IPPROTO_SCTP, req->family,
		req->states);

	nl_inet_request_detail(nlh, req->detail);
	return nl_collect_req(nlh, nl_sctp_parse_keyed, NULL, req);
}

const struct collector nl_sctp_collector = {
	.name = "netlink",
	.source = SOCK_SOURCE_NETLINK,
	.family = AF_INET,
	.netids = 1u << SOCK_NETID_SCTP,
	.collect = sctp_collect,
};
