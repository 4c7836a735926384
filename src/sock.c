// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "sock.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const netid_names[_SOCK_NETID_MAX] = {
	[SOCK_NETID_NETLINK] = "nl",
	[SOCK_NETID_PACKET_RAW] = "p_raw",
	[SOCK_NETID_PACKET_DGRAM] = "p_dgr",
	[SOCK_NETID_UNIX_STREAM] = "u_str",
	[SOCK_NETID_UNIX_DGRAM] = "u_dgr",
	[SOCK_NETID_UNIX_SEQPACKET] = "u_seq",
	[SOCK_NETID_RAW] = "raw",
	[SOCK_NETID_UDP] = "udp",
	[SOCK_NETID_TCP] = "tcp",
	[SOCK_NETID_SCTP] = "sctp",
	[SOCK_NETID_VSOCK_STREAM] = "v_str",
	[SOCK_NETID_VSOCK_DGRAM] = "v_dgr",
	[SOCK_NETID_TIPC] = "tipc",
	[SOCK_NETID_XDP] = "xdp",
	[SOCK_NETID_MPTCP] = "mptcp",
};

/* Filter-language words: what a script reads is what a user types. */
static const char *const state_names[_SOCK_STATE_MAX] = {
	[SOCK_STATE_UNKNOWN] = "unknown",
	[SOCK_STATE_ESTABLISHED] = "established",
	[SOCK_STATE_SYN_SENT] = "syn-sent",
	[SOCK_STATE_SYN_RECV] = "syn-recv",
	[SOCK_STATE_FIN_WAIT1] = "fin-wait-1",
	[SOCK_STATE_FIN_WAIT2] = "fin-wait-2",
	[SOCK_STATE_TIME_WAIT] = "time-wait",
	[SOCK_STATE_CLOSE] = "closed",
	[SOCK_STATE_CLOSE_WAIT] = "close-wait",
	[SOCK_STATE_LAST_ACK] = "last-ack",
	[SOCK_STATE_LISTEN] = "listening",
	[SOCK_STATE_CLOSING] = "closing",
};

static const char *const state_labels[_SOCK_STATE_MAX] = {
	[SOCK_STATE_UNKNOWN] = "UNKNOWN",
	[SOCK_STATE_ESTABLISHED] = "ESTAB",
	[SOCK_STATE_SYN_SENT] = "SYN-SENT",
	[SOCK_STATE_SYN_RECV] = "SYN-RECV",
	[SOCK_STATE_FIN_WAIT1] = "FIN-WAIT-1",
	[SOCK_STATE_FIN_WAIT2] = "FIN-WAIT-2",
	[SOCK_STATE_TIME_WAIT] = "TIME-WAIT",
	[SOCK_STATE_CLOSE] = "UNCONN",
	[SOCK_STATE_CLOSE_WAIT] = "CLOSE-WAIT",
	[SOCK_STATE_LAST_ACK] = "LAST-ACK",
	[SOCK_STATE_LISTEN] = "LISTEN",
	[SOCK_STATE_CLOSING] = "CLOSING",
};

const char *sock_netid_name(enum sock_netid netid)
{
	if ((unsigned)netid >= ELEMENTSOF(netid_names))
		return NULL;
	return netid_names[netid];
}

int sock_netid_from_name(const char *name)
{
	for (unsigned i = 0; i < ELEMENTSOF(netid_names); i++)
		if (netid_names[i] && strcmp(netid_names[i], name) == 0)
			return (int)i;
	return -EINVAL;
}

const char *sock_family_name(int family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	case AF_UNIX:
		return "unix";
	case AF_PACKET:
		return "packet";
	case AF_NETLINK:
		return "netlink";
	case AF_VSOCK:
		return "vsock";
	case AF_TIPC:
		return "tipc";
	case AF_XDP:
		return "xdp";
	default:
		return NULL;
	}
}

const char *sock_state_name(unsigned state)
{
	return state < ELEMENTSOF(state_names) ? state_names[state]
					       : state_names[0];
}

const char *sock_state_label(unsigned state)
{
	return state < ELEMENTSOF(state_labels) ? state_labels[state]
						: state_labels[0];
}

/* The names iproute2 gives (lib/utils.c nl_proto_tab), so `sockscope`
 * reads like `ss` where both show netlink sockets. */
static const char *const netlink_proto_names[] = {
	[0] = "rtnl",       [1] = "unused",      [2] = "usersock",
	[3] = "fw",         [4] = "tcpdiag",     [5] = "nflog",
	[6] = "xfrm",       [7] = "selinux",     [8] = "iscsi",
	[9] = "audit",      [10] = "fiblookup",  [11] = "connector",
	[12] = "nft",       [13] = "ip6fw",      [14] = "dec-rt",
	[15] = "uevent",    [16] = "genl",       [18] = "scsi-trans",
	[19] = "ecryptfs",  [20] = "rdma",       [21] = "crypto",
	[22] = "smc",
};

const char *sock_netlink_proto_name(uint32_t proto)
{
	return proto < ELEMENTSOF(netlink_proto_names)
		       ? netlink_proto_names[proto]
		       : NULL;
}

const char *sock_ethertype_name(uint32_t proto)
{
	switch (proto) {
	case 0x0003: /* ETH_P_ALL: every protocol */
		return "*";
	case 0x0800:
		return "ip";
	case 0x0806:
		return "arp";
	case 0x86dd:
		return "ipv6";
	case 0x8100:
		return "802.1Q";
	case 0x88a8:
		return "802.1ad";
	case 0x88cc:
		return "lldp";
	case 0x8035:
		return "rarp";
	default:
		return NULL;
	}
}
