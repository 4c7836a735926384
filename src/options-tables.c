// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The words of -A/--query and -f/--family, as ss spells them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "options.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))
#define T(n) (1u << SOCK_NETID_##n)

struct word {
	const char *name;
	uint32_t bits;
};

static const struct word query_words[] = {
	{"all", QUERY_NETIDS_ALL},
	{"inet", T(TCP) | T(UDP) | T(RAW) | T(SCTP) | T(MPTCP)},
	{"tcp", T(TCP)},
	{"udp", T(UDP)},
	{"raw", T(RAW)},
	{"sctp", T(SCTP)},
	{"mptcp", T(MPTCP)},
	{"unix", T(UNIX_STREAM) | T(UNIX_DGRAM) | T(UNIX_SEQPACKET)},
	{"unix_stream", T(UNIX_STREAM)},
	{"unix_dgram", T(UNIX_DGRAM)},
	{"unix_seqpacket", T(UNIX_SEQPACKET)},
	{"packet", T(PACKET_RAW) | T(PACKET_DGRAM)},
	{"packet_raw", T(PACKET_RAW)},
	{"packet_dgram", T(PACKET_DGRAM)},
	{"netlink", T(NETLINK)},
	{"vsock", T(VSOCK_STREAM) | T(VSOCK_DGRAM)},
	{"vsock_stream", T(VSOCK_STREAM)},
	{"vsock_dgram", T(VSOCK_DGRAM)},
	{"tipc", T(TIPC)},
	{"xdp", T(XDP)},
};

static const struct word family_words[] = {
	{"inet", QUERY_FAMILY_INET},       {"inet6", QUERY_FAMILY_INET6},
	{"unix", QUERY_FAMILY_UNIX},       {"link", QUERY_FAMILY_PACKET},
	{"packet", QUERY_FAMILY_PACKET},   {"netlink", QUERY_FAMILY_NETLINK},
	{"vsock", QUERY_FAMILY_VSOCK},     {"tipc", QUERY_FAMILY_TIPC},
	{"xdp", QUERY_FAMILY_XDP},
};

/* The address family each table belongs to, for -4/-6/-f. */
static const uint32_t netid_families[_SOCK_NETID_MAX] = {
	[SOCK_NETID_NETLINK] = QUERY_FAMILY_NETLINK,
	[SOCK_NETID_PACKET_RAW] = QUERY_FAMILY_PACKET,
	[SOCK_NETID_PACKET_DGRAM] = QUERY_FAMILY_PACKET,
	[SOCK_NETID_UNIX_STREAM] = QUERY_FAMILY_UNIX,
	[SOCK_NETID_UNIX_DGRAM] = QUERY_FAMILY_UNIX,
	[SOCK_NETID_UNIX_SEQPACKET] = QUERY_FAMILY_UNIX,
	[SOCK_NETID_RAW] = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
	[SOCK_NETID_UDP] = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
	[SOCK_NETID_TCP] = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
	[SOCK_NETID_SCTP] = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
	[SOCK_NETID_VSOCK_STREAM] = QUERY_FAMILY_VSOCK,
	[SOCK_NETID_VSOCK_DGRAM] = QUERY_FAMILY_VSOCK,
	[SOCK_NETID_TIPC] = QUERY_FAMILY_TIPC,
	[SOCK_NETID_XDP] = QUERY_FAMILY_XDP,
	[SOCK_NETID_MPTCP] = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
};

static int lookup(const struct word *w, size_t n, const char *s, size_t len,
		  uint32_t *ret)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(w[i].name) == len && memcmp(w[i].name, s, len) == 0) {
			*ret = w[i].bits;
			return 0;
		}
	return -EINVAL;
}

int options_parse_query(const char *list, uint32_t *include,
			uint32_t *exclude, uint32_t *grouped, char *errbuf,
			size_t errlen)
{
	uint32_t inc = 0, exc = 0, group = 0, alone = 0;
	const char *p = list;

	do {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		bool negate = len > 0 && *p == '!';
		uint32_t bits;

		if (negate) {
			p++;
			len--;
		}
		if (lookup(query_words, ELEMENTSOF(query_words), p, len,
			   &bits) < 0) {
			snprintf(errbuf, errlen,
				 "-A/--query: unknown socket table '%.*s' in "
				 "'%s' (expected all, inet, tcp, udp, raw, "
				 "sctp, mptcp, unix, unix_stream, unix_dgram, "
				 "unix_seqpacket, packet, packet_raw, "
				 "packet_dgram, netlink, vsock, vsock_stream, "
				 "vsock_dgram, tipc, xdp)",
				 (int)len, p, list);
			return -EINVAL;
		}
		if (negate)
			exc |= bits;
		else
			inc |= bits;
		if (!negate && len == 4 && memcmp(p, "inet", 4) == 0)
			group |= bits;
		else if (!negate)
			alone |= bits;
		p = comma ? comma + 1 : NULL;
	} while (p);
	*include |= inc;
	*exclude |= exc;
	*grouped = (*grouped | group) & ~alone;
	return 0;
}

int options_parse_family(const char *name, uint32_t *families, char *errbuf,
			 size_t errlen)
{
	uint32_t bits;

	if (lookup(family_words, ELEMENTSOF(family_words), name, strlen(name),
		   &bits) < 0) {
		snprintf(errbuf, errlen,
			 "-f/--family: unknown family '%s' (expected inet, "
			 "inet6, link, unix, netlink, vsock, tipc, xdp)",
			 name);
		return -EINVAL;
	}
	*families |= bits;
	return 0;
}

void options_merge_tables(uint32_t *netids, uint32_t *families)
{
	uint32_t n = *netids, f = *families;

	/* Both from what was named, not from what the other step added. */
	for (unsigned i = 0; i < _SOCK_NETID_MAX; i++)
		if ((n & (1u << i)) && !(netid_families[i] & f))
			*families |= netid_families[i];
	for (unsigned b = 0; b < 32; b++) {
		uint32_t tables = options_netids_of_families(1u << b);

		if ((f & (1u << b)) && !(tables & n))
			*netids |= tables;
	}
}

uint32_t options_netids_of_families(uint32_t families)
{
	uint32_t netids = 0;

	for (unsigned i = 0; i < _SOCK_NETID_MAX; i++)
		if (netid_families[i] & families)
			netids |= 1u << i;
	return netids;
}
