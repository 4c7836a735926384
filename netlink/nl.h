/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* sock_diag over libmnl: the dump loop and the per-family parsers. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "sock.h"
#include "util/seen.h"

/* How many times a dump the kernel flags NLM_F_DUMP_INTR is started over
 * before we give up and report it. */
#define NL_DUMP_MAX_TRIES 4

/*
 * Opens a NETLINK_SOCK_DIAG socket. Returns it in *ret_nl and 0, or a
 * negative errno (*ret_nl untouched). Close it with mnl_socket_close().
 */
int nl_open(struct mnl_socket **ret_nl);

/*
 * Sends @req (a complete NLM_F_DUMP request) on @nl and feeds every reply
 * message to @cb until NLMSG_DONE. The sequence number is chosen here.
 * Returns 0 at NLMSG_DONE; -EINTR if the kernel flagged the dump
 * NLM_F_DUMP_INTR (the caller decides whether to start over); the kernel's
 * negative errno from NLMSG_ERROR or NLMSG_DONE; -EBADMSG for a reply that
 * is not a well-formed netlink stream; or whatever negative errno @cb
 * stored in *cb_err before returning MNL_CB_ERROR.
 */
int nl_dump(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
	    void *data, const int *cb_err);

/* Called by nl_dump_tap() with each datagram as received. */
typedef int (*nl_tap_fn)(void *ctx, const void *buf, size_t len);

/*
 * nl_dump, also handing every datagram received, as received, to @tap
 * (NULL: none) with @ctx before it is parsed. Same returns; a negative
 * errno from @tap stops the dump and is returned.
 */
int nl_dump_tap(struct mnl_socket *nl, struct nlmsghdr *req, mnl_cb_t cb,
		void *data, const int *cb_err, nl_tap_fn tap, void *ctx);

/*
 * Runs the reply stream in @buf (@len bytes, as received) through @cb, as
 * nl_dump does for each datagram: no socket, so a recorded dump replays in
 * a unit test. @seq and @portid as for mnl_cb_run (0 to accept any).
 * Returns 1 if more messages are expected, 0 at NLMSG_DONE, or a negative
 * errno as nl_dump.
 */
int nl_run_buffer(const void *buf, size_t len, uint32_t seq, uint32_t portid,
		  mnl_cb_t cb, void *data, const int *cb_err);

/*
 * What a family parser accepts for one attribute type: a payload of
 * @min..@max bytes. max == 0 marks a type the parser does not read; it is
 * skipped whatever its size, since newer kernels add attributes. An
 * @extra attribute (what -e -o -m -i show, not what lists the socket) of
 * another size is dropped and counted; any other is refused.
 */
struct nl_policy {
	uint16_t min, max;
	bool extra;
};

/* A scalar or string of exactly @n bytes. */
#define NL_POLICY_EXACT(n) {.min = (n), .max = (n)}
/* A struct of at least @n bytes: uapi structs grow at their end. */
#define NL_POLICY_MIN(n) {.min = (n), .max = UINT16_MAX}
/* The same for an extra attribute: dropped, not refused, when off. */
#define NL_EXTRA_EXACT(n) {.min = (n), .max = (n), .extra = true}
#define NL_EXTRA_MIN(n) {.min = (n), .max = UINT16_MAX, .extra = true}

/*
 * Walks the attributes after the @hdrlen-byte family header of @nlh
 * (which must hold nlh->nlmsg_len readable bytes) and points tb[type] at
 * the last attribute of each type @policy knows (@policy and @tb have
 * @max + 1 entries; tb is cleared first). Returns the number of extra
 * attributes dropped for their size (0 usually), or -EBADMSG if the
 * header is truncated, an attribute overruns the message, or a known
 * attribute that is not extra has a size outside its policy.
 */
int nl_attr_parse(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct nl_policy *policy, uint16_t max,
		  const struct nlattr **tb);

/* Counts @n more extras dropped for their size in @d (saturating at
 * UINT8_MAX); @n is what nl_attr_parse() returned, or 1 for one more. */
static inline void nl_count_dropped(struct sock_detail *d, int n)
{
	unsigned v = d->dropped + (unsigned)n;

	d->dropped = v > UINT8_MAX ? UINT8_MAX : (uint8_t)v;
}

/*
 * nl_attr_parse over the attributes nested in @nest (whose payload must be
 * readable whole, as after nl_attr_parse). Same returns.
 */
int nl_attr_parse_nested(const struct nlattr *nest,
			 const struct nl_policy *policy, uint16_t max,
			 const struct nlattr **tb);

/* The u32 payload of @a (its size already checked by a policy). */
uint32_t nl_attr_u32(const struct nlattr *a);

/* Counter @idx (SK_MEMINFO_*) of a sock_diag meminfo attribute @a, or 0
 * if @a is NULL or too short to hold it. */
uint32_t nl_attr_meminfo(const struct nlattr *a, unsigned idx);

/* Returned by a parser for a well-formed reply about a socket that has no
 * table here (a socket type ss does not list either). */
#define NL_PARSE_SKIP 1

/*
 * Parses one SOCK_DIAG_BY_FAMILY reply into *ret_rec and the key that
 * tells this socket from every other one in the dump (usually the cookie)
 * into *ret_key. @arg is the one given to nl_collect(). Returns 0,
 * NL_PARSE_SKIP, or a negative errno (-EBADMSG for a malformed reply).
 */
typedef int (*nl_parse_fn)(const struct nlmsghdr *nlh, const void *arg,
			   struct sock_rec *ret_rec, uint64_t *ret_key);

/* Bytes a dump request with a @hdrlen-byte family header takes. */
#define NL_REQ_SIZE(hdrlen) (NLMSG_ALIGN(NLMSG_HDRLEN) + NLMSG_ALIGN(hdrlen))

/*
 * Starts in @buf (NL_REQ_SIZE(@hdrlen) bytes, 4-byte aligned) a
 * SOCK_DIAG_BY_FAMILY dump request with a zeroed @hdrlen-byte family
 * header, found at mnl_nlmsg_get_payload(). Returns the request.
 */
struct nlmsghdr *nl_request(void *buf, size_t hdrlen);

/* One collection, across the restarts of an interrupted dump. */
struct nl_collect {
	nl_parse_fn parse;
	const void *arg;
	sock_emit_fn emit;
	void *userdata;
	struct seen seen;     /* keys of every socket emitted so far */
	int err;             /* why nl_collect_msg stopped the dump */
	bool replay;         /* from a recording asked with every detail: */
	unsigned detail;     /* keep only what a dump for these
			      * SOCK_DETAIL_* bits would have brought */
};

/*
 * The mnl_cb_t of a collection (@data is a struct nl_collect): parses a
 * SOCK_DIAG_BY_FAMILY message, ignores other types, drops a socket whose
 * key it has seen (before a restart, or earlier in the same dump: the
 * kernel lists some sockets twice), emits the rest. On failure stores the negative errno
 * (parser, memory or emit) in c->err and returns MNL_CB_ERROR.
 */
int nl_collect_msg(const struct nlmsghdr *nlh, void *data);

/* nl_collect_msg() for a message of any type, already known to be a
 * reply about one socket; returns MNL_CB_OK or MNL_CB_ERROR (c->err). */
int nl_collect_one(const struct nlmsghdr *nlh, struct nl_collect *c);

/*
 * Sends dump request @req (complete but for its sequence number) on a
 * new NETLINK_SOCK_DIAG socket and emits every socket @parse reads from
 * the replies. A dump the kernel flags interrupted is started over, on a
 * new socket, up to NL_DUMP_MAX_TRIES times in all; no socket is emitted
 * twice. Returns 0, the negative errno @emit
 * returned, -EINTR when every try was interrupted, or a negative errno
 * from the kernel or the parser.
 */
int nl_collect(struct nlmsghdr *req, nl_parse_fn parse, const void *arg,
	       sock_emit_fn emit, void *userdata);

struct collect_req;

/*
 * nl_collect for collector call @creq (its emit, userdata and tape):
 * with creq->tape->replay the replies recorded for @req's dump are read
 * instead of the kernel's (nothing recorded: -ENOENT, as a kernel
 * without that table; a recording that is not whole messages ending in
 * NLMSG_DONE: -EBADMSG); with creq->tape->record the kernel's replies
 * and status are recorded too (a partial error included). Returns as
 * nl_collect, or the negative errno of the recording.
 */
int nl_collect_req(struct nlmsghdr *req, nl_parse_fn parse, const void *arg,
		   const struct collect_req *creq);

/*
 * Parses one inet_diag reply (struct inet_diag_msg and its attributes)
 * into *ret as a socket of table @netid, ret->detail included (see
 * nl_inet_detail_parse()). Pure: reads only @nlh, which must hold
 * nlh->nlmsg_len readable bytes. Returns 0, or -EBADMSG if the message
 * is truncated, an attribute overruns it, a known attribute has the wrong
 * size, or the family is not inet/inet6 (*ret untouched).
 * Unknown attributes are skipped: newer kernels add them.
 */
int nl_inet_parse(const struct nlmsghdr *nlh, enum sock_netid netid,
		  struct sock_rec *ret);

/*
 * nl_inet_parse, also pointing tb[type] (INET_DIAG_MAX + 1 entries) at
 * the attributes the inet parsers read, for the protocols that read more
 * (raw, sctp). Same returns.
 */
int nl_inet_parse_attrs(const struct nlmsghdr *nlh, enum sock_netid netid,
			struct sock_rec *ret, const struct nlattr **tb);

/*
 * The key nl_collect() tells a socket of @rec's table apart by: the
 * cookie, but for MPTCP, whose accepted sockets can share their
 * listener's cookie, a 64-bit digest of the cookie, inode, ports and
 * addresses. Never 0 for MPTCP.
 */
uint64_t nl_inet_key(const struct sock_rec *rec);

/* The nl_parse_fn of inet dumps (@arg: a const enum sock_netid *):
 * nl_inet_parse(), a TCP CLOSE made bound-inactive, and nl_inet_key(). */
int nl_inet_parse_keyed(const struct nlmsghdr *nlh, const void *arg,
			struct sock_rec *ret_rec, uint64_t *ret_key);

struct inet_diag_msg;

/*
 * Reads into *d what -e, -o, -m and -i show of inet reply @m, from @tb
 * (nl_inet_parse_attrs' table): the timer, shutdown, tos/tclass, memory,
 * and for table @netid its INET_DIAG_INFO (tcp_info or mptcp_info),
 * congestion control and ULP. Structs and strings are borrowed from the
 * message with the length the kernel sent. Returns 0, or -EBADMSG for a
 * memory array that is not whole counters or a malformed ULP nest (*d may
 * then be partly filled).
 */
int nl_inet_detail_parse(const struct inet_diag_msg *m,
			 const struct nlattr *const *tb, enum sock_netid netid,
			 struct sock_detail *d);

/* The idiag_ext bits that make the kernel send what @detail
 * (SOCK_DETAIL_*) shows; 0 for none. */
uint8_t nl_inet_ext(unsigned detail);

/* Sets the idiag_ext of inet dump request @req (from nl_inet_request())
 * for @detail. */
void nl_inet_request_detail(struct nlmsghdr *req, unsigned detail);

/*
 * Copies the counters of sock_diag memory attribute @a (an array of u32,
 * SK_MEMINFO_*) into d->skmem, at most SOCK_SKMEM_MAX, and their number
 * into d->n_skmem. nl_skmem_parse() first checks that @a holds whole
 * counters, at least the seven up to SK_MEMINFO_OPTMEM: returns 0, or,
 * when it does not, counts it in d->dropped and returns 0 (*d otherwise
 * untouched): one odd attribute does not fail the listing.
 */
void nl_skmem_fill(const struct nlattr *a, struct sock_detail *d);
int nl_skmem_parse(const struct nlattr *a, struct sock_detail *d);

/* Bytes nl_inet_request() writes, at most. */
#define NL_INET_REQ_SIZE 128

/*
 * Builds in @buf (NL_INET_REQ_SIZE bytes, 4-byte aligned) the dump
 * request for inet sockets of IP protocol @protocol and address family
 * @family in the states @states; a protocol above 255 goes in an
 * INET_DIAG_REQ_PROTOCOL attribute. Returns the request.
 */
struct nlmsghdr *nl_inet_request(void *buf, int protocol, int family,
				 uint32_t states);

/*
 * Whether inet_diag program @code (@len bytes) holds a test a kernel may
 * refuse to run: a mark test (EPERM without CAP_NET_ADMIN) or a cgroup
 * test (EINVAL without CONFIG_SOCK_CGROUP_DATA). Pure.
 */
bool nl_bc_may_be_refused(const void *code, size_t len);

/*
 * nl_inet_collect() for collector request @req (its tape too, as
 * nl_collect_req()); when the kernel refused req->bytecode and the dump
 * was asked again without it, sets req->bytecode_refused to the
 * refusal's negative errno.
 */
int nl_inet_collect_req(enum sock_netid netid, int protocol,
			struct collect_req *req);

/*
 * Dumps inet sockets of IP protocol @protocol and address family @family
 * in the states of @states, with what @detail (SOCK_DETAIL_*) shows,
 * calling @emit for each as table @netid. @code (NULL: none) is an
 * inet_diag program of @code_len bytes for @family, borrowed: the kernel
 * drops the sockets it rejects; when it refuses (EPERM, EINVAL) a
 * program that holds a mark or cgroup test (nl_bc_may_be_refused()),
 * the dump is asked again without it, so @emit may get more sockets
 * than the program keeps; any other refusal is returned. Restarts an
 * interrupted dump as nl_collect() does. Returns as nl_collect().
 */
int nl_inet_collect(enum sock_netid netid, int protocol, int family,
		    uint32_t states, const void *code, size_t code_len,
		    unsigned detail, sock_emit_fn emit, void *userdata);
