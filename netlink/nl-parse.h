/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The parsers of the sock_diag families beyond tcp/udp. Each reads one
 * SOCK_DIAG_BY_FAMILY reply and nothing else: @nlh must hold
 * nlh->nlmsg_len readable bytes. Each returns 0 with *ret filled, or
 * -EBADMSG (*ret untouched) if the message is truncated, an attribute
 * overruns it, an attribute the parser reads has the wrong size, or the
 * family byte is not the parser's. Unknown attributes are skipped.
 * Strings in *ret point into @nlh.
 */

#include "nl.h"

/* An inet raw socket: local_port and protocol are the IP protocol it was
 * opened for (INET_DIAG_PROTOCOL when the kernel sends it). */
int nl_raw_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);

/* An SCTP endpoint (the socket; state as TCP) or one of its associations
 * (the reply lists INET_DIAG_PEERS; SCTP state mapped to the nearest TCP
 * state). LOCALS/PEERS must be whole sockaddr_storage arrays. */
int nl_sctp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);

/* nl_sctp_parse as the collector's nl_parse_fn (@arg unused). An
 * association shares its socket's cookie, so its key mixes the cookie with
 * the ports and the peer's address, top bit set: an endpoint listed again
 * before its associations is one socket, its associations are not. */
int nl_sctp_parse_keyed(const struct nlmsghdr *nlh, const void *arg,
			struct sock_rec *ret_rec, uint64_t *ret_key);

/*
 * A unix socket, table by type. path points at the bound name (a path
 * name without its NUL; an abstract name whole, leading '\0' included),
 * NULL if none. recv_q/send_q from UNIX_DIAG_RQLEN: for a listener, the
 * pending connections and the backlog. Returns NL_PARSE_SKIP for a type
 * that has no table.
 */
int nl_unix_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);

/* A packet socket: SOCK_RAW is p_raw, SOCK_DGRAM and SOCK_PACKET p_dgr
 * (as ss), any other type NL_PARSE_SKIP. protocol is the ethertype in
 * host order, ifindex the bound device, recv_q the receive memory. */
int nl_packet_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);

/* A netlink socket: protocol, portid, dst_portid, the first 32 groups,
 * recv_q/send_q from meminfo. A groups bitmap that is not whole 32-bit
 * words is -EBADMSG. */
int nl_netlink_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);

/* An XDP socket: ifindex of the bound device, uid, meminfo queues. The
 * bound queue id has no place in the record yet. */
int nl_xdp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret);
