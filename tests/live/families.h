/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One socket of every kind the kernel has, made by the test, and what
 * sockscope's JSON must say of each: TCP, UDP and raw over v4 and v6,
 * unix of the three types (bound, abstract, unnamed, socketpairs, a
 * connection), packet raw and cooked, netlink, and MPTCP when the kernel
 * has it. Every function fails the running cmocka test (or group setup)
 * when the kernel does not do what the set-up needs.
 */

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What one socket must look like; strings as the JSON writes them.
 * -1 (or "") where the socket has no such field. */
struct fam_sock {
	char what[64]; /* for failure messages */
	int fd;	       /* -1: no descriptor (a child not accepted) */
	const char *netid, *family, *state;
	uint64_t inode;		/* fstat's st_ino; 0 with no descriptor */
	uint64_t cookie;	/* SO_COOKIE; 0 with no descriptor */
	int64_t recv_q, send_q; /* as netlink says them */
	bool listener;		/* send_q is the backlog: 0 from /proc */

	/* inet */
	char local_address[48], peer_address[48];
	int64_t local_port, peer_port;
	int v6only; /* -1: not checked */

	/* unix: the name as JSON writes it, '@' for an abstract name's
	 * leading NUL; path_len 0 when unbound. */
	char path[128];
	size_t path_len;
	bool abstract;
	int64_t peer_inode;	    /* -1: no peer */
	int64_t vfs_dev, vfs_inode; /* -1: not bound to a file */

	/* raw, packet, netlink */
	int64_t protocol;
	char interface[IF_NAMESIZE];

	/* netlink */
	int64_t portid, groups;
	int64_t peer_portid, peer_group; /* -1: not connected */
};

struct families {
	struct fam_sock v[64];
	size_t n;
	uint32_t uid;	       /* owner of every socket, as the kernel says */
	bool mptcp;	       /* the kernel made MPTCP sockets */
	char dir[64];	       /* where the unix sockets with paths live */
	char abstract_nul[64]; /* the abstract name with a NUL inside, as
				* netlink reports it (JSON form) */
	size_t abstract_nul_len;
};

/* Makes every socket; @uid is the owner sock_diag reports. */
void families_make(struct families *f, uint32_t uid);

/* Closes every socket and removes the socket files; NULL is fine. */
void families_done(struct families *f);

/*
 * A packet socket of @type for ethertype @proto (host order; 0: none),
 * bound to device @dev (NULL: every device), that drops every frame.
 * Returns its descriptor.
 */
int families_packet_open(int type, uint16_t proto, const char *dev);

/* The socket of @f with this netid and inode (not 0), or NULL. */
const struct fam_sock *families_find(const struct families *f,
				     const char *netid, uint64_t inode);

/* How many sockets of @f have a netid starting with @prefix ("u_"). */
size_t families_count(const struct families *f, const char *prefix);
