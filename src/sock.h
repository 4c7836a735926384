/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The normalized socket record. Every collector (netlink or /proc) fills
 * one of these per socket and hands it to a sock_emit_fn; the filter and
 * the formatters read nothing else. Strings in a record are borrowed: they
 * point into the collector's buffer and are valid only during the call.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Socket tables, in the order ss prints them. */
enum sock_netid {
	SOCK_NETID_NETLINK, /* "nl" */
	SOCK_NETID_PACKET_RAW,   /* "p_raw" */
	SOCK_NETID_PACKET_DGRAM, /* "p_dgr" */
	SOCK_NETID_UNIX_STREAM,  /* "u_str" */
	SOCK_NETID_UNIX_DGRAM,   /* "u_dgr" */
	SOCK_NETID_UNIX_SEQPACKET, /* "u_seq" */
	SOCK_NETID_RAW,
	SOCK_NETID_UDP,
	SOCK_NETID_TCP,
	SOCK_NETID_SCTP,
	SOCK_NETID_VSOCK_STREAM, /* "v_str" */
	SOCK_NETID_VSOCK_DGRAM,  /* "v_dgr" */
	SOCK_NETID_TIPC,
	SOCK_NETID_XDP,
	SOCK_NETID_MPTCP,
	_SOCK_NETID_MAX,
};

/* Kernel TCP state numbers (include/net/tcp_states.h); UDP reuses them. */
enum sock_state {
	SOCK_STATE_UNKNOWN = 0,
	SOCK_STATE_ESTABLISHED = 1,
	SOCK_STATE_SYN_SENT,
	SOCK_STATE_SYN_RECV,
	SOCK_STATE_FIN_WAIT1,
	SOCK_STATE_FIN_WAIT2,
	SOCK_STATE_TIME_WAIT,
	SOCK_STATE_CLOSE,
	SOCK_STATE_CLOSE_WAIT,
	SOCK_STATE_LAST_ACK,
	SOCK_STATE_LISTEN,
	SOCK_STATE_CLOSING,
	_SOCK_STATE_MAX,
};

#define SOCK_STATES_ALL (((1u << _SOCK_STATE_MAX) - 1) & ~1u)

enum sock_source {
	SOCK_SOURCE_NETLINK,
	SOCK_SOURCE_PROCFS,
};

struct sock_rec {
	enum sock_netid netid;
	enum sock_source source;
	int family;        /* AF_INET, AF_INET6, AF_UNIX, AF_PACKET, ... */
	bool has_uid;      /* false where the source does not say (unix
			    * and netlink in /proc) */
	uint8_t state;     /* enum sock_state */
	int8_t v6only;     /* -1: the kernel did not say */
	uint16_t local_port, peer_port; /* host byte order */
	uint32_t recv_q, send_q;
	uint8_t local_addr[16], peer_addr[16]; /* network order; v4 in [0..3] */
	uint32_t ifindex;  /* 0: not bound to a device */
	uint32_t inode;
	uint32_t uid;
	uint64_t cookie;
	bool has_cookie;
	bool has_mark;     /* fwmark: the kernel tells only CAP_NET_ADMIN */
	uint32_t mark;
	bool has_cgroup_id;
	uint64_t cgroup_id; /* cgroup v2 id (the cgroup directory's inode) */

	/* Family-specific; zero when not this family's. */
	uint32_t protocol; /* raw: IP protocol; packet: ethertype (host
			    * order); netlink: NETLINK_* number */
	const char *path;  /* unix: bound name, borrowed; NULL if unbound.
			    * An abstract name starts with '\0'. */
	size_t path_len;
	uint32_t peer_inode; /* unix: the peer's inode, 0 if none */
	bool has_vfs;        /* unix: the bound file's device and inode */
	uint32_t vfs_dev, vfs_inode;
	uint32_t portid;     /* netlink: own port id */
	uint32_t dst_portid; /* netlink: connected-to port id */
	uint32_t dst_group;  /* netlink: connected-to group */
	bool nl_connected;   /* netlink: connect()ed, to dst_portid and
			      * dst_group (0, the kernel, included) */
	uint32_t groups;     /* netlink: first 32 multicast groups */
};

/* Something that could not be seen, or not wholly: a table the kernel
 * refused or lacks, or /proc lines that did not parse. */
struct sock_warning {
	enum sock_netid netid;
	int family;
	enum sock_source source;
	int err;        /* negative errno */
	size_t skipped; /* malformed lines skipped (err is -EBADMSG) */
};

/*
 * Called once per socket. Returns 0 to go on, or a negative errno to stop
 * the collection; the collector returns that value unchanged.
 */
typedef int (*sock_emit_fn)(const struct sock_rec *rec, void *userdata);

/* ss's netid word ("tcp", "udp"), or NULL for an out-of-range value. */
const char *sock_netid_name(enum sock_netid netid);

/* The family word used in JSON ("inet", "inet6"), or NULL if unknown. */
const char *sock_family_name(int family);

/* The state word of the ss filter language ("established", "listening"...). */
const char *sock_state_name(unsigned state);

/* The state as ss's table prints it ("ESTAB", "UNCONN", ...). */
const char *sock_state_label(unsigned state);

/* The unix table of socket type @type (SOCK_STREAM, ...), or -1. */
int sock_unix_netid(unsigned type);

/* Looks up a netid by its ss name; returns it, or -EINVAL if unknown. */
int sock_netid_from_name(const char *name);

/* iproute2's short name of netlink protocol @proto ("rtnl", "tcpdiag",
 * ...), or NULL if it has none. */
const char *sock_netlink_proto_name(uint32_t proto);

/* A short name of ethertype @proto (host order) as ss prints it for
 * packet sockets ("ip", "ipv6", "arp", "*" for ETH_P_ALL), or NULL. */
const char *sock_ethertype_name(uint32_t proto);
