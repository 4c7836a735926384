/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Known sockets, made by the test, and what sockscope must say about each.
 * Every function here runs inside a cmocka test or group setup and fails
 * it (cmocka assert) when the kernel does not do what the set-up needs.
 */

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kernel TCP state numbers (include/net/tcp_states.h); UDP reuses them. */
#define POP_ESTABLISHED 1
#define POP_CLOSE 7
#define POP_LISTEN 10

/* A queue length: [min, max]. Equal when the kernel's count is exact. */
struct pop_range {
	uint64_t min, max;
};

struct pop_sock {
	char what[64];	   /* for failure messages */
	int fd;		   /* -1: no descriptor (a connection not accepted) */
	const char *netid; /* "tcp", "udp" */
	int family;	   /* AF_INET, AF_INET6 */
	unsigned state;	   /* POP_* */
	char local_addr[INET6_ADDRSTRLEN], peer_addr[INET6_ADDRSTRLEN];
	uint16_t local_port, peer_port;
	int v6only; /* -1: the kernel does not say (inet, or inet6
		     * neither listening nor unconnected) */
	char interface[IF_NAMESIZE + 1]; /* "" when not bound to a device */
	struct pop_range recv_q, send_q;
	uint64_t inode;	 /* 0 with no descriptor, as the kernel says then */
	uint64_t cookie; /* SO_COOKIE; 0 when not known (no descriptor) */
};

struct population {
	struct pop_sock *v;
	size_t n, cap;
	uint32_t uid; /* owner of every socket, as sock_diag reports it */
};

/* What a set of ss-style flags ("tuan", "l6", "") selects. */
struct pop_filter {
	bool tcp, udp, inet, inet6;
	uint32_t states; /* bit (1 << POP_*) */
};

/* Bytes queued unread in the receiver of the "recv-q" connection. */
#define POP_RECVQ_BYTES 1000
/* Backlog of the listener whose Send-Q is checked. */
#define POP_BACKLOG 7
/* Connections waiting in the accept queue of the "pending" listener. */
#define POP_PENDING 2

/* Starts an empty population owned by @uid. */
void population_init(struct population *pop, uint32_t uid);

/*
 * Adds the standard set: TCP listeners on 127.0.0.1 (backlog
 * POP_BACKLOG), [::1], :: dual-stack, :: v6only, 0.0.0.0 bound to lo,
 * 127.0.0.1:22, one with POP_PENDING connections not accepted; established
 * pairs over v4 and v6, and v4 to the dual-stack listener; a pair with
 * POP_RECVQ_BYTES unread; a pair whose sender is stuck on a closed window; UDP
 * bound on 127.0.0.1 and [::1]; UDP connected over v4.
 */
void population_add_standard(struct population *pop);

/* Adds @n TCP listeners on 127.0.0.1, any port, backlog 1. */
void population_add_listeners(struct population *pop, size_t n);

/* Closes every socket and frees the set; NULL is fine. */
void population_done(struct population *pop);

/*
 * Parses ss-style short flags (t u a l 4 6; others are ignored) into the
 * selection ss documents: no t/u means both, no 4/6 means both, -a every
 * state, -l LISTEN and CLOSE, neither: connected sockets only (all but
 * LISTEN, CLOSE, TIME-WAIT, SYN-RECV).
 */
struct pop_filter pop_filter_from_flags(const char *flags);

/* Whether @f selects @s. */
bool pop_filter_match(const struct pop_filter *f, const struct pop_sock *s);

/* How many of @pop's sockets @f selects. */
size_t pop_count(const struct population *pop, const struct pop_filter *f);

/* ss's state label ("LISTEN", "ESTAB", "UNCONN"). */
const char *pop_state_label(unsigned state);

/* The JSON state word ("listening", "established", "closed"). */
const char *pop_state_word(unsigned state);

/*
 * Writes the local (@local) or peer address of @s as ss -n prints it:
 * "127.0.0.1:80", "[::1]:80", "*:80" for a dual-stack wildcard,
 * "0.0.0.0%lo:80", "*" for port 0. @dst has room for 96 bytes.
 */
void pop_table_endpoint(const struct pop_sock *s, bool local, char *dst);
