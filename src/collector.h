/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a collector (netlink/, procfs/) sees: a plain request, no query,
 * no filter, no options. collect.c builds the request from the query,
 * compiles the filter once per address family and hands the program
 * down; the collectors include this header, never collect.h.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

/*
 * A recording of the kernel's answers (src/snapshot/), put between a
 * netlink collector and the kernel: with .replay a collector reads the
 * answer recorded for its dump instead of asking; with .record it asks
 * and hands the answer on as well. A dump is named by the first bytes
 * of its request (struct collect_tape_key), never by its states, its
 * details or its filter: a recording holds every state and detail, and
 * the caller drops what it did not ask for.
 */
struct collect_tape_key {
	uint8_t family;    /* sdiag_family */
	uint8_t protocol;  /* sdiag_protocol */
	uint16_t reserved; /* 0 */
	uint32_t protocol32; /* INET_DIAG_REQ_PROTOCOL (MPTCP), else 0 */
};

struct collect_tape {
	/* Points *ret_buf at the reply datagrams (@len bytes, whole netlink
	 * messages, 4-byte aligned) recorded for @key and *ret_status at
	 * the dump's status (0, or the negative errno the kernel gave).
	 * Returns 0, or -ENOENT when nothing was recorded for @key. */
	int (*replay)(void *ctx, const struct collect_tape_key *key,
		      const void **ret_buf, size_t *ret_len,
		      int *ret_status);
	/* Recording, called as the answer to dump @key arrives: .begin
	 * before its first datagram (again if the dump is started over:
	 * what came before is dropped), .data with each datagram as
	 * received, .end with the dump's status (0, or the negative errno
	 * the kernel gave). Each returns 0 or a negative errno. */
	int (*begin)(void *ctx, const struct collect_tape_key *key);
	int (*data)(void *ctx, const void *buf, size_t len);
	int (*end)(void *ctx, int status);
	void *ctx;
	/* Replay: the tables (bit (1 << enum sock_netid)) the recording
	 * answers for; with .only, the kernel is asked for none (--from),
	 * else the other tables are live (TCPDIAG_FILE). With
	 * .as_recorded every socket replayed is kept whatever the states
	 * and address families asked, as ss reads TCPDIAG_FILE. */
	uint32_t netids;
	bool only;
	bool as_recorded;
};

/* Everything one collector call needs; built by collect.c. */
struct collect_req {
	int family;            /* the address family to dump (AF_INET6 too,
				* for a collector whose .family is AF_INET) */
	uint32_t states;       /* bit (1 << enum sock_state): the states
				* asked for in any table the call serves */
	unsigned detail;       /* SOCK_DETAIL_*: what else to ask the
				* kernel for (netlink; procfs has none) */
	const void *bytecode;  /* an inet_diag program for .family, or NULL
				* (borrowed; only for a collector with
				* .bytecode set) */
	size_t bytecode_len;   /* its length in bytes */
	const char *proc_root; /* "/proc", or --proc-root */
	const struct collect_tape *tape; /* NULL: the kernel alone
					  * (borrowed; netlink only) */
	sock_emit_fn emit;
	void *userdata;
	size_t skipped;        /* procfs: malformed lines skipped (added to) */
	size_t repeated;       /* procfs: lines dropped as a repeat of a
				* socket already listed (added to) */
	int bytecode_refused;  /* netlink: the kernel refused the program
				* (negative errno) and the dump was asked
				* again without it; 0 otherwise */
};

struct collector {
	const char *name;      /* for messages: "netlink", "procfs" */
	enum sock_source source;
	int family;            /* AF_INET stands for inet and inet6: such a
				* collector is called once per address family */
	uint32_t netids;       /* bit (1 << enum sock_netid) it produces */
	bool bytecode;         /* it gives the kernel req->bytecode */
	/*
	 * Emits every socket of req->family in req->states of its tables
	 * (the collector may emit more; the caller drops what was not
	 * asked for). Returns 0, the negative errno emit returned, or a
	 * negative errno saying why the kernel could not answer:
	 * -EPROTONOSUPPORT/-ENOENT/-EOPNOTSUPP/-EAFNOSUPPORT when the kernel
	 * lacks it, -EACCES/-EPERM when we may not see it, -EBADMSG for an
	 * answer that does not parse.
	 */
	int (*collect)(struct collect_req *req);
	/*
	 * NULL, or .collect for both inet families from one walk of the
	 * kernel's tables (req->family is AF_UNSPEC): every IPv4 socket
	 * emitted before every IPv6 one, as two calls would order them.
	 * Only ever called with no tape, and req->bytecode (if any) a
	 * program compiled the same for both families. Returns as
	 * .collect; -EINVAL/-ENOENT/-EOPNOTSUPP before anything is emitted
	 * mean "ask per family instead".
	 */
	int (*collect_both)(struct collect_req *req);
};

/* netlink/: sock_diag, one file each (.name "netlink"). */
extern const struct collector nl_netlink_collector;
extern const struct collector nl_packet_collector;
extern const struct collector nl_unix_collector;
extern const struct collector nl_raw_collector;
extern const struct collector nl_udp_collector;
extern const struct collector nl_tcp_collector;
extern const struct collector nl_sctp_collector;
extern const struct collector nl_xdp_collector;
extern const struct collector nl_mptcp_collector;

/* procfs/: each reads <proc_root>/net/<file> (.name "procfs"). */
extern const struct collector procfs_tcp_collector;     /* tcp, tcp6 */
extern const struct collector procfs_udp_collector;     /* udp, udp6 */
extern const struct collector procfs_raw_collector;     /* raw, raw6 */
extern const struct collector procfs_unix_collector;    /* unix */
extern const struct collector procfs_packet_collector;  /* packet */
extern const struct collector procfs_netlink_collector; /* netlink */
