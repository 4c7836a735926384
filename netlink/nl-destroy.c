// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

#include "nl-destroy.h"
#include "nl.h"

_Static_assert(NL_DESTROY_REQ_SIZE >= NL_REQ_SIZE(sizeof(struct
							  inet_diag_req_v2)),
	       "NL_DESTROY_REQ_SIZE too small");

int nl_inet_destroy_request(void *buf, const struct sock_rec *rec,
			    struct nlmsghdr **ret)
{
	struct inet_diag_req_v2 *req;
	struct nlmsghdr *nlh;
	int protocol;

	switch (rec->netid) {
	case SOCK_NETID_TCP:
		protocol = IPPROTO_TCP;
		break;
	case SOCK_NETID_UDP:
		protocol = IPPROTO_UDP;
		break;
	default:
		return -EINVAL;
	}
	if ((rec->family != AF_INET && rec->family != AF_INET6) ||
	    !rec->has_cookie)
		return -EINVAL;

	nlh = nl_request(buf, sizeof(*req));
	nlh->nlmsg_type = SOCK_DESTROY;
	/* Not a dump: one socket, and an answer either way. */
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req = mnl_nlmsg_get_payload(nlh);
	req->sdiag_family = (uint8_t)rec->family;
	req->sdiag_protocol = (uint8_t)protocol;
	req->idiag_states = ~0u;
	req->id.idiag_sport = htons(rec->local_port);
	req->id.idiag_dport = htons(rec->peer_port);
	req->id.idiag_if = rec->ifindex;
	/* The record keeps addresses as the kernel gave them: network
	 * order, inet in the first word and zeros after. */
	memcpy(req->id.idiag_src, rec->local_addr, sizeof(rec->local_addr));
	memcpy(req->id.idiag_dst, rec->peer_addr, sizeof(rec->peer_addr));
	req->id.idiag_cookie[0] = (uint32_t)rec->cookie;
	req->id.idiag_cookie[1] = (uint32_t)(rec->cookie >> 32);
	*ret = nlh;
	return 0;
}

/* The answer is an acknowledgement or an error, never data: anything
 * else is skipped, as nl_dump's callers skip types they do not read. */
static int ignore_msg(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

int nl_inet_destroy(struct mnl_socket *nl, const struct sock_rec *rec)
{
	_Alignas(struct nlmsghdr) char buf[NL_DESTROY_REQ_SIZE];
	struct nlmsghdr *req;
	int r = nl_inet_destroy_request(buf, rec, &req);

	if (r < 0)
		return r;
	return nl_dump(nl, req, ignore_msg, NULL, NULL);
}
