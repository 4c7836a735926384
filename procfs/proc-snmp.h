/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The counter files of /proc/net: snmp and netstat (a header line of
 * names, then a line of values, per protocol), snmp6 (one "name value"
 * per line) and sockstat, sockstat6 ("PROTO: name value name value").
 * The parsers are pure and strict like the socket-table ones: every line
 * must have the shape the kernel writes, every value the digits it
 * prints, or the whole file is refused. Each counter is handed to a
 * callback as a (protocol, name, value) triple, in file order.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bigger than any of these files will be (snmp6 is the largest, ~5 KiB;
 * netstat ~4 KiB): a bigger one is not what the kernel writes. */
#define PROCFS_STATS_FILE_MAX (1024 * 1024)

/* One counter. The strings point into the parsed buffer: borrowed for
 * the duration of the callback, not NUL-terminated. */
struct procfs_counter {
	const char *proto; /* "Tcp", "TcpExt", "Ip6", "TCP", "sockets" */
	size_t proto_len;
	const char *name; /* "ActiveOpens", "InReceives", "inuse" */
	size_t name_len;
	uint64_t value;	  /* the magnitude */
	bool negative;	  /* the value is -value (Tcp MaxConn is -1) */
};

/* Called once per counter. Returns 0 to go on, or a negative errno to
 * stop the parse, which then returns it unchanged. */
typedef int (*procfs_counter_fn)(const struct procfs_counter *c,
				 void *userdata);

/*
 * Parses /proc/net/snmp or /proc/net/netstat (@len bytes at @buf): lines
 * in pairs, "Proto: Name Name ..." then "Proto: value value ..." with the
 * same protocol and as many values as names. A protocol may come back in
 * a later pair (IcmpMsg does, 16 counters a pair). Returns 0; -EBADMSG
 * if the text is empty, a line lacks its '\n', a pair is incomplete or
 * its lines disagree, or a name or value is not as the kernel prints it;
 * or what @cb returned to stop. Counters before a malformed line have
 * been handed to @cb already.
 */
int procfs_snmp_parse(const char *buf, size_t len, procfs_counter_fn cb,
		      void *userdata);

/*
 * Parses /proc/net/snmp6: "Ip6InReceives<blanks>12" per line. The
 * protocol is the name up to its first '6' ("Ip6", "Icmp6", "UdpLite6"),
 * the counter the rest ("InReceives"). Returns as procfs_snmp_parse().
 */
int procfs_snmp6_parse(const char *buf, size_t len, procfs_counter_fn cb,
		       void *userdata);

/*
 * Parses /proc/net/sockstat or sockstat6: "TCP: inuse 3 orphan 0 ...",
 * one protocol a line, each followed by name-value pairs. Returns as
 * procfs_snmp_parse().
 */
int procfs_sockstat_parse(const char *buf, size_t len, procfs_counter_fn cb,
			  void *userdata);

/*
 * Reads @proc_root/net/@name whole into a malloc'ed buffer (*ret_buf,
 * *ret_len bytes, plus a NUL not counted). Returns 0; the negative errno
 * of procfs_open() (-ENOENT: no such file; -PROCFS_ENOTFILE: a device,
 * FIFO or socket) or read(); -EFBIG past
 * PROCFS_STATS_FILE_MAX; -ENAMETOOLONG; -ENOMEM. On failure *ret_buf and
 * *ret_len are untouched.
 */
int procfs_stats_read(const char *proc_root, const char *name, char **ret_buf,
		      size_t *ret_len);
