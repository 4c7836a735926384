/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Formatters. Each is a const out_ops in its own file; they read only
 * struct sock_rec and write only through the obuf, so output streams as
 * the kernel answers and nothing holds the whole socket set. A word that
 * takes a lookup (a service, a host, an interface, a process) comes from
 * the names stage (names/names.h): no formatter reads a file or asks the
 * resolver itself.
 */

#include <stdbool.h>

#include "escape.h"
#include "names/names.h"
#include "obuf.h"
#include "options.h"
#include "sock.h"

struct out;
struct owners_entry;

struct out_ops {
	size_t state_size; /* bytes of per-format state, zeroed */
	/* Before the first socket: headers, opening brackets. */
	int (*begin)(struct out *o);
	/* One socket. */
	int (*sock)(struct out *o, const struct sock_rec *rec);
	/* Something that could not be seen; @w is only borrowed. */
	int (*warning)(struct out *o, const struct sock_warning *w);
	/* After the last socket: pending rows, closing brackets. */
	int (*end)(struct out *o);
	/* Frees what the format state owns (not the state itself). */
	void (*done)(struct out *o);
	/* Optional: writes out rows held back so far, output going on
	 * after (the table holds rows to size its columns). */
	int (*flush)(struct out *o);
};

extern const struct out_ops out_table_ops;
extern const struct out_ops out_json_ops;
extern const struct out_ops out_ndjson_ops;
extern const struct out_ops out_count_ops; /* --count-by */

struct out_sort;

struct out {
	const struct out_ops *ops;
	const struct options *opts; /* borrowed; outlives the out */
	struct obuf ob;
	struct names *names; /* borrowed; outlives the out */
	/* --all-netns: where the sockets given next come from; set by the
	 * caller before each namespace's first socket (the table then has
	 * Netns and Container columns, JSON "netns", "container", "pod" and
	 * "unit" keys). NULL otherwise. Borrowed. */
	const struct sock_origin *origin;
	void *state; /* ops->state_size bytes */
	struct out_sort *sort; /* --sort: sockets held until out_end() */
	/* --watch: the table prefixes each row with @mark ('+', '-', '~'
	 * or ' ') and a blank, the header with two blanks, when @marked is
	 * set before out_begin(). */
	bool marked;
	char mark;
};

/*
 * Checks what the output options of @opts name: the keys of --sort and
 * --count-by, the columns of --columns. Returns 0, or -EINVAL with one
 * line in @errbuf listing the valid names.
 */
int out_options_check(const struct options *opts, char *errbuf,
		      size_t errlen);

/* The --columns part of out_options_check() (out-table.c). */
int out_table_columns_check(const struct options *opts, char *errbuf,
			    size_t errlen);

/*
 * Creates the formatter @opts asks for, writing to @fd, taking its words
 * from @names (both borrowed: they must outlive the formatter; build
 * @names from the same @opts). Returns 0 and the formatter in *ret, or
 * -ENOMEM (*ret untouched). Free with out_free().
 */
int out_new(const struct options *opts, struct names *names, int fd,
	    struct out **ret);

/* Frees @o and everything it owns (not the names), without flushing;
 * NULL is fine. */
void out_free(struct out *o);

/* Each calls the format's op, then returns the sticky write error, if any
 * (negative errno), so a failed write stops collection at once. */
int out_begin(struct out *o);
int out_sock(struct out *o, const struct sock_rec *rec);
int out_warning(struct out *o, const struct sock_warning *w);
/* Also flushes. */
int out_end(struct out *o);
/* Writes out everything given so far, for output read as it comes (-E);
 * more sockets may follow. Not for -j, whose document ends at out_end. */
int out_flush(struct out *o);

/*
 * Writes one NDJSON line for an event about @rec (@o must be the
 * --ndjson formatter): {"schema_version":1,"event":@event,
 * "timestamp":@timestamp,"timestamp_us":@timestamp_us,"socket":{...}},
 * the socket object as --ndjson writes it, without its schema_version.
 * Returns as out_sock().
 */
int out_ndjson_event(struct out *o, const char *event, const char *timestamp,
		     uint64_t timestamp_us, const struct sock_rec *rec);

/*
 * As out_ndjson_event() with event "changed", for @rec, which was @was
 * at the last look: the socket object is @rec's, followed by "previous":
 * {"state","recv_q","send_q"} holding @was's values. Returns as
 * out_sock().
 */
int out_ndjson_change(struct out *o, const char *timestamp,
		      uint64_t timestamp_us, const struct sock_rec *rec,
		      const struct sock_rec *was);

/* Largest text out_fmt_host/out_fmt_port write, without the NUL. */
#define OUT_HOST_MAX (1 + ESC_TABLE_MAX(OUT_PATH_MAX))
#define OUT_PATH_MAX 108 /* sizeof(sun_path) */
#define OUT_PORT_MAX 128

/*
 * Writes the address of @rec (local or peer) at @dst as the table shows
 * it: IPv6 in brackets, "*" for a dual-stack wildcard, "%dev" after a
 * local address bound to a device. Returns the length (<= OUT_HOST_MAX).
 */
size_t out_fmt_host(struct out *o, const struct sock_rec *rec, bool local,
		    char *dst);

/*
 * Writes @port of @rec at @dst as the table shows it: "*" for 0, else the
 * service name (unless -n) or the number. Returns the length
 * (<= OUT_PORT_MAX).
 */
size_t out_fmt_port(struct out *o, const struct sock_rec *rec, uint16_t port,
		    char *dst);

/*
 * Writes one endpoint (local if @local, else peer) of @rec as the table
 * shows it, for any family: inet as out_fmt_host/out_fmt_port with ':'
 * between; unix "path inode" (abstract as "@name", unbound as "*") with a
 * blank between; packet "proto:iface"; netlink "proto:portid"; a peer
 * that does not exist as a lone "*" in the separator's place. Writes the
 * host part at @host (OUT_HOST_MAX bytes) and the port part at @port
 * (OUT_PORT_MAX), their lengths in *ret_host_len and *ret_port_len, and
 * returns the separator character.
 */
char out_fmt_endpoint(struct out *o, const struct sock_rec *rec, bool local,
		      char *host, size_t *ret_host_len, char *port,
		      size_t *ret_port_len);

/* Largest cell out_fmt_users() writes, without the NUL. */
#define OUT_USERS_MAX 8192

/*
 * Writes ss's -p cell for the @count descriptors @v (from names_owners())
 * at @dst (OUT_USERS_MAX bytes of room): users:(("comm",pid=N,fd=N),...),
 * each name escaped for a table (esc_table), a name that could not be
 * read as a bare "?". When the list does not fit, it ends with ",...)".
 * Returns the length; 0 for @count == 0.
 */
size_t out_fmt_users(struct names *names, const struct owners_entry *v,
		     size_t count, char *dst);

/* out_fmt_users(), and with @units (--all-netns) ",unit=U" at the end of
 * each process whose systemd unit is known. */
size_t out_fmt_users_units(struct names *names, const struct owners_entry *v,
			   size_t count, bool units, char *dst);

/* Largest text out_detail_table() writes, both parts together. */
#define OUT_DETAIL_MAX 8192

/* Where out_detail_table() put its two parts. */
struct out_detail {
	size_t len1; /* text after the columns, on the socket's line */
	size_t len2; /* text of the continuation line, after len1 bytes */
	bool cont;   /* ss prints a continuation line (maybe empty) */
};

/*
 * Writes at @dst (OUT_DETAIL_MAX bytes) what the -e, -o, -m and -i of
 * o->opts add to the table row of @rec, as ss prints it: the text that
 * follows the columns, then that of the line ss continues on, after a
 * newline and a tab (with -O the caller appends it to the first). Each
 * item starts with a blank. Text from outside is escaped. Fills *ret.
 */
void out_detail_table(struct out *o, const struct sock_rec *rec, char *dst,
		      struct out_detail *ret);

/* Writes the JSON members of -e, -o, -m and -i for @rec into the socket
 * object being written (out-json-detail.c). */
void out_json_detail(struct out *o, const struct sock_rec *rec);

/*
 * Writes address @addr of @family as plain text at @dst (room for 46
 * bytes): dotted quad or RFC 5952 IPv6, no brackets. Returns the length.
 */
size_t out_fmt_addr(int family, const uint8_t *addr, char *dst);
