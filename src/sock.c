// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>
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
	[SOCK_STATE_NEW_SYN_RECV] = "unknown",
	[SOCK_STATE_BOUND_INACTIVE] = "bound-inactive",
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
	[SOCK_STATE_NEW_SYN_RECV] = "UNKNOWN",
	[SOCK_STATE_BOUND_INACTIVE] = "UNCONN",
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

int sock_unix_netid(unsigned type)
{
	switch (type) {
	case SOCK_STREAM:
		return SOCK_NETID_UNIX_STREAM;
	case SOCK_DGRAM:
		return SOCK_NETID_UNIX_DGRAM;
	case SOCK_SEQPACKET:
		return SOCK_NETID_UNIX_SEQPACKET;
	default:
		return -1;
	}
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

/* The names ss (iproute2 lib/ll_proto.c) prints, sorted by ethertype
 * for bsearch; taken from ss 6.1's output for every ETH_P_* of
 * <linux/if_ether.h>. ETH_P_ALL is ss's special case, "*". */
static const struct ethertype {
	uint16_t proto;
	const char *name;
} ethertype_names[] = {
	{0x0001, "802_3"},
	{0x0002, "ax25"},
	{0x0004, "802_2"},
	{0x0005, "snap"},
	{0x0006, "ddcmp"},
	{0x0007, "wan_ppp"},
	{0x0008, "ppp_mp"},
	{0x0009, "localtalk"},
	{0x000c, "can"},
	{0x0010, "ppptalk"},
	{0x0011, "tr_802_2"},
	{0x0015, "mobitex"},
	{0x0016, "control"},
	{0x0017, "irda"},
	{0x0018, "econet"},
	{0x0060, "loop"},
	{0x0200, "pup"},
	{0x0201, "pupat"},
	{0x0800, "ip"},
	{0x0805, "x25"},
	{0x0806, "arp"},
	{0x08ff, "bpq"},
	{0x0a00, "ieeepup"},
	{0x0a01, "ieeepupat"},
	{0x6000, "dec"},
	{0x6001, "dna_dl"},
	{0x6002, "dna_rc"},
	{0x6003, "dna_rt"},
	{0x6004, "lat"},
	{0x6005, "diag"},
	{0x6006, "cust"},
	{0x6007, "sca"},
	{0x6558, "teb"},
	{0x8035, "rarp"},
	{0x809b, "atalk"},
	{0x80f3, "aarp"},
	{0x8100, "802.1Q"},
	{0x8137, "ipx"},
	{0x86dd, "ipv6"},
	{0x8847, "mpls_uc"},
	{0x8848, "mpls_mc"},
	{0x884c, "atmmpoa"},
	{0x8863, "ppp_disc"},
	{0x8864, "ppp_ses"},
	{0x8884, "atmfate"},
	{0x8892, "profinet"},
	{0x88a2, "aoe"},
	{0x88a4, "ethercat"},
	{0x88a8, "802.1ad"},
	{0x88ca, "tipc"},
	{0x88cc, "LLDP"},
};

static int ethertype_cmp(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint16_t e = ((const struct ethertype *)elem)->proto;

	return k < e ? -1 : k > e;
}

const char *sock_ethertype_name(uint32_t proto)
{
	const struct ethertype *e;

	if (proto == 0x0003) /* ETH_P_ALL: every protocol */
		return "*";
	e = bsearch(&proto, ethertype_names, ELEMENTSOF(ethertype_names),
		    sizeof(ethertype_names[0]), ethertype_cmp);
	return e ? e->name : NULL;
}
