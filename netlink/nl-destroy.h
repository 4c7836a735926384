/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Socket destruction through sock_diag: closing a socket (SOCK_DESTROY,
 * for -K) and hearing that one was closed (the destroy multicast groups,
 * for -E). The kernel does both for TCP and UDP over inet and inet6.
 */

#include <stdint.h>

#include <libmnl/libmnl.h>

#include "sock.h"

/* Bytes nl_inet_destroy_request() writes. */
#define NL_DESTROY_REQ_SIZE 128

/*
 * Builds in @buf (NL_DESTROY_REQ_SIZE bytes, 4-byte aligned) the
 * SOCK_DESTROY request for the socket @rec describes: its protocol,
 * family, addresses, ports, device and cookie, which the kernel checks so
 * that a newer socket on the same addresses is not the one closed.
 * Returns 0 and the request in *ret; -EINVAL (*ret untouched) if @rec is
 * not a TCP or UDP socket of inet or inet6 with a cookie.
 */
int nl_inet_destroy_request(void *buf, const struct sock_rec *rec,
			    struct nlmsghdr **ret);

/*
 * Closes the socket @rec describes, with the request above sent on @nl
 * (a NETLINK_SOCK_DIAG socket from nl_open()), and waits for the
 * kernel's answer. The socket's owner sees ECONNABORTED; a TCP peer gets
 * a reset. Returns 0 once the kernel has closed it, -EINVAL as
 * nl_inet_destroy_request(), or the kernel's negative errno: -ENOENT (no
 * such socket any more), -ESTALE (another socket holds those addresses
 * now), -EPERM (no CAP_NET_ADMIN over the socket's network namespace),
 * -EOPNOTSUPP (the kernel cannot close sockets: CONFIG_INET_DIAG_DESTROY
 * is off), -EBADMSG for an answer that does not parse.
 */
int nl_inet_destroy(struct mnl_socket *nl, const struct sock_rec *rec);

/* Bit (1 << SKNLGRP_*) of each destroy group. */
#define NL_EVENTS_GROUP(g) (1u << (g))

/*
 * The destroy groups (NL_EVENTS_GROUP bits) that report sockets of the
 * tables in @netids (bit 1 << enum sock_netid; TCP and UDP have groups)
 * and the families in @families (QUERY_FAMILY_INET, _INET6). 0 if none.
 */
uint32_t nl_events_groups(uint32_t netids, uint32_t families);

/*
 * Opens a NETLINK_SOCK_DIAG socket and joins each group of @groups.
 * Returns 0 and the socket in *ret_nl (close with mnl_socket_close()),
 * or a negative errno (*ret_nl untouched): the kernel's refusal to join
 * a group is returned as it comes.
 */
int nl_events_open(uint32_t groups, struct mnl_socket **ret_nl);

/* Returned by nl_event_parse() for a well-formed message that is not a
 * TCP or UDP socket's destruction. */
#define NL_EVENT_SKIP 1

/*
 * Parses one destroy notification: an inet_diag_msg whose
 * INET_DIAG_PROTOCOL attribute says TCP or UDP. Pure: reads only @nlh,
 * which must hold nlh->nlmsg_len readable bytes. Returns 0 with *ret
 * filled; NL_EVENT_SKIP for another message type or protocol (*ret
 * untouched); -EBADMSG for a malformed message or one without the
 * protocol attribute.
 */
int nl_event_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);
