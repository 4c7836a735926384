/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The parsed tree, shared by the filter-*.c files and nothing else.
 * Nodes live in one array and refer to each other by index, so a filter
 * is freed in one go and a deep text cannot exhaust anything but the
 * nesting limit.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filter.h"

/* Parentheses and "not" nested deeper than this are refused: the
 * evaluator and the compiler recurse once per level. */
#define FILTER_MAX_DEPTH 128

enum fnode_kind {
	FN_CONST,     /* u.value */
	FN_AND,       /* every child */
	FN_OR,        /* any child */
	FN_NOT,       /* one child */
	FN_HOST,      /* src/dst HOST: u.host */
	FN_PORT,      /* sport/dport compared: u.port */
	FN_DEV,       /* u.ifindex */
	FN_MARK,      /* u.mark */
	FN_CGROUP,    /* u.cgroup_id */
	FN_AUTOBOUND, /* u.range: the ephemeral ports */
	FN_FAMILY,    /* u.family: sockets of that address family only */
	FN_ORIGIN,    /* u.origin: netns, container, pod, unit (userspace
		       * only: the kernel knows none of them) */
	FN_UID,       /* u.uid: uid/user, userspace only */
};

/* What an FN_ORIGIN term looks at (struct sock_origin). */
enum forigin {
	FORIGIN_NETNS,     /* name, or the inode in decimal */
	FORIGIN_CONTAINER, /* name, or id (a prefix of 3+ digits) */
	FORIGIN_POD,       /* name, NAMESPACE/NAME, or uid */
	FORIGIN_UNIT,
};

enum fdir {
	FDIR_SRC, /* the local end */
	FDIR_DST, /* the peer */
};

/* Port comparisons reduce to three: < and > move the bound by one. */
enum fport_op {
	FPORT_EQ,
	FPORT_LE,
	FPORT_GE,
};

/*
 * One src/dst condition. @family says which sockets it can match:
 * AF_UNSPEC any (with @port: only sockets that have ports), AF_INET also
 * IPv4-mapped IPv6 sockets, AF_INET6, AF_UNIX (@pattern), AF_PACKET,
 * AF_NETLINK, AF_VSOCK.
 */
struct fhost {
	int family;
	uint8_t prefix_len; /* inet: leading bits of @addr that must match */
	uint8_t addr[16];   /* network order; IPv4 in [0..3] */
	int64_t port;  /* inet/vsock port, packet ifindex, netlink port id;
			* -1: any */
	int64_t num;   /* packet ethertype, netlink protocol, vsock CID;
			* -1: any */
	char *pattern; /* unix: fnmatch(3) glob of the name as printed
			* ('@' for abstract); NULL: any */
};

struct fnode {
	enum fnode_kind kind;
	enum fdir dir;
	uint32_t first, count; /* FN_AND/OR/NOT: children in filter.kids */
	union {
		bool value;
		struct fhost host;
		struct {
			enum fport_op op;
			uint16_t port;
		} port;
		uint32_t ifindex;
		struct {
			uint32_t value, mask;
		} mark;
		uint64_t cgroup_id;
		int family;
		struct {
			uint16_t lo, hi;
		} range;
		struct {
			enum forigin what;
			char *pattern; /* fnmatch(3) glob, owned */
		} origin;
		uint32_t uid;
	} u;
};

struct filter {
	struct fnode *nodes;
	size_t n_nodes, cap_nodes;
	uint32_t *kids;
	size_t n_kids, cap_kids;
	int64_t root; /* -1: no expression */
	bool has_states;
	uint32_t states;
	bool bytecode;
};

/* Child @k of the AND/OR/NOT node @n. */
static inline uint32_t filter_kid(const struct filter *f, const struct fnode *n,
				  uint32_t k)
{
	return f->kids[n->first + k];
}

/* Three-valued answer about a node for all sockets of one family. */
enum fold {
	FOLD_FALSE,
	FOLD_TRUE,
	FOLD_MAYBE,
};

/* Room for @need elements of @size bytes in @v (capacity *@cap, which
 * doubles): returns the array, maybe moved, or NULL (no memory, or more
 * than 2^32 elements, as nodes are indexed in 32 bits) with @v and *@cap
 * untouched. */
void *filter_grow(void *v, size_t *cap, size_t need, size_t size);

/* Appends a node; returns its index, or -ENOMEM. */
int64_t filter_node_add(struct filter *f, const struct fnode *n);

/* Appends @count child indices; returns the index of the first, or
 * -ENOMEM. */
int64_t filter_kids_add(struct filter *f, const uint32_t *kids,
			size_t count);

/* Whether origin term @n matches @o (NULL: nothing known). */
bool filter_origin_match(const struct fnode *n, const struct sock_origin *o);

/* What a term (not AND/OR/NOT) is for every socket of address family
 * @family, before looking at the socket. */
enum fold filter_term_fold(const struct fnode *n, int family);

/* Whether a glob pattern of a unix name matches @rec's name. */
bool filter_unix_match(const char *pattern, const struct sock_rec *rec);

/* State words: the mask of @word (@len bytes, case-insensitive), or 0
 * if it names no state or group. */
uint32_t filter_state_word(const char *word, size_t len);

/* The list of state words, for messages. */
extern const char filter_state_words[];
