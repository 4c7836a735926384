/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * For the formatter tests: an out writing into a memfd, read back when it
 * ends, and hand-built records of each family.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "unit.h"

#include "src/output/out.h"

#define TCP (1u << SOCK_NETID_TCP)
#define UDP (1u << SOCK_NETID_UDP)

/* A formatter writing into a memfd, and what it wrote. */
struct capture {
	struct options opts; /* the out borrows it */
	struct names *names; /* so does the out */
	struct out *out;
	int fd;
	char *text; /* after finish(): NUL-terminated */
	size_t len;
};

static inline struct capture *start_fd(const struct options *opts, int fd)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->opts = *opts;
	c->fd = fd;
	assert_int_equal(names_new(&c->opts, NULL, &c->names), 0);
	assert_int_equal(out_new(&c->opts, c->names, fd, &c->out), 0);
	assert_int_equal(out_begin(c->out), 0);
	return c;
}

static inline struct capture *start(const struct options *opts)
{
	int fd = memfd_create("out", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return start_fd(opts, fd);
}

static inline void put(struct capture *c, const struct sock_rec *rec)
{
	assert_int_equal(out_sock(c->out, rec), 0);
}

/* Ends the output and reads back everything written. */
static inline const char *finish(struct capture *c)
{
	off_t size;

	assert_int_equal(out_end(c->out), 0);
	size = lseek(c->fd, 0, SEEK_END);
	assert_true(size >= 0);
	c->len = (size_t)size;
	c->text = malloc(c->len + 1);
	assert_non_null(c->text);
	assert_int_equal(pread(c->fd, c->text, c->len, 0), (ssize_t)c->len);
	c->text[c->len] = '\0';
	return c->text;
}

static inline void capture_free(struct capture *c)
{
	out_free(c->out);
	names_free(c->names);
	close(c->fd);
	free(c->text);
	free(c);
}

static inline struct options table_opts(uint32_t netids)
{
	return (struct options){
		.format = OUT_FORMAT_TABLE,
		.numeric = true,
		.query = {.netids = netids,
			  .families = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
			  .states = SOCK_STATES_ALL},
	};
}

static inline struct options json_opts(enum out_format format, bool pretty)
{
	struct options o = table_opts(TCP | UDP);

	o.format = format;
	o.pretty = pretty;
	o.numeric = false; /* JSON ports are numbers either way */
	return o;
}

static inline struct sock_rec rec_of(enum sock_netid netid, int family,
			      unsigned state, const char *laddr, uint16_t lport,
			      const char *paddr, uint16_t pport)
{
	struct sock_rec r = {
		.netid = netid,
		.source = SOCK_SOURCE_NETLINK,
		.family = family,
		.state = (uint8_t)state,
		.v6only = -1,
		.local_port = lport,
		.peer_port = pport,
		.inode = 1000 + lport,
		.has_uid = true,
		.cookie = 0x100000000ull + lport,
		.has_cookie = true,
	};

	assert_int_equal(inet_pton(family, laddr, r.local_addr), 1);
	assert_int_equal(inet_pton(family, paddr, r.peer_addr), 1);
	return r;
}

static inline struct sock_rec tcp4(unsigned state, const char *laddr, uint16_t lport,
			    const char *paddr, uint16_t pport, uint32_t rq,
			    uint32_t sq)
{
	struct sock_rec r = rec_of(SOCK_NETID_TCP, AF_INET, state, laddr,
				   lport, paddr, pport);

	r.recv_q = rq;
	r.send_q = sq;
	return r;
}

static inline struct sock_rec tcp6(unsigned state, const char *laddr, uint16_t lport,
			    int v6only, uint32_t sq)
{
	struct sock_rec r = rec_of(SOCK_NETID_TCP, AF_INET6, state, laddr,
				   lport, "::", 0);

	r.v6only = (int8_t)v6only;
	r.send_q = sq;
	return r;
}

#define UNIX_TABLES                                                            \
	((1u << SOCK_NETID_UNIX_STREAM) | (1u << SOCK_NETID_UNIX_DGRAM) |      \
	 (1u << SOCK_NETID_UNIX_SEQPACKET))

static inline struct sock_rec unix_rec(enum sock_netid netid, unsigned state,
				const char *path, size_t path_len,
				uint32_t inode, uint32_t peer_inode)
{
	return (struct sock_rec){
		.netid = netid,
		.family = AF_UNIX,
		.state = (uint8_t)state,
		.v6only = -1,
		.path = path,
		.path_len = path_len,
		.inode = inode,
		.peer_inode = peer_inode,
	};
}

#define PATH(lit) lit, sizeof(lit) - 1

static inline struct sock_rec netlink_rec(uint32_t proto, uint32_t portid,
				   uint32_t dst_portid)
{
	return (struct sock_rec){
		.netid = SOCK_NETID_NETLINK,
		.family = AF_NETLINK,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = proto,
		.portid = portid,
		.dst_portid = dst_portid,
	};
}
