/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The /proc/net fallback: a streaming line reader and one pure parser per
 * file format. The parsers take one line without its '\n' and fill a
 * struct sock_rec; they are strict, because a line we misread would be
 * printed as a socket that does not exist: every field must have exactly
 * the digits, base and range the kernel prints (no sign, no 0x, no
 * strtoul leniency), and nothing may follow the last field.
 *
 * Each header check compares the line's space-separated words with the
 * header the kernel writes for that file, so a file of another format (or
 * not from the kernel at all) is refused before any line is trusted.
 */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sock.h"

struct collect_req;
struct collector;

/* The collectors, one per file, are declared in src/collector.h. */

/* Lines longer than this (without the '\n') are skipped, not parsed: the
 * longest line the kernel writes is under 300 bytes. */
#define PROCFS_LINE_MAX 4096

/* A line longer than this is not skipped but refuses the whole file: no
 * kernel writes one, and reading on to find its end could take forever
 * (a root whose net/tcp is a huge file without '\n'). */
#define PROCFS_LINE_HARD_MAX (1024 * 1024)

/* The errno (negated, as every return here) for a /proc/net path that is
 * neither a regular file nor one of /proc's own: a device, a FIFO, a
 * socket. EMEDIUMTYPE, "wrong medium type", since no errno says "not a
 * regular file" and this one is returned by nothing else we call. */
#define PROCFS_ENOTFILE EMEDIUMTYPE

/* sizeof(sun_path): the longest name /proc/net/unix can print. */
#define PROCFS_UNIX_PATH_MAX 108

/*
 * Called by procfs_file_read() for each line after the header. @line is
 * NULL (and @len 0) for a line the reader could not deliver: longer than
 * PROCFS_LINE_MAX, or cut off at the end of the file without its '\n'.
 * Returns 0 to go on, -EBADMSG to have the line counted as skipped, or
 * another negative errno to stop the read (returned unchanged).
 */
typedef int (*procfs_line_fn)(const char *line, size_t len, void *userdata);

/* Whether @line (@len bytes, no '\n') is the header the kernel writes. */
typedef bool (*procfs_header_fn)(const char *line, size_t len);

/*
 * Reads @proc_root/net/@name in large chunks, checks its first line with
 * @header_ok and calls @line_cb for every further line, in order. Lines
 * for which @line_cb returned -EBADMSG are added to *@skipped. Returns 0;
 * -ENOENT if the file does not exist (the kernel lacks that protocol or
 * family); -EBADMSG if the file is empty or its first line is not the
 * header @header_ok expects, or a line is over PROCFS_LINE_HARD_MAX;
 * what procfs_open() returned; the negative errno of a failed read();
 * -ENOMEM; or what @line_cb returned to stop. *@skipped counts
 * the lines skipped before a failure too.
 */
/*
 * Opens <@proc_root>/net/@name read-only, without blocking (a FIFO opens
 * at once) and checks it with procfs_fd_check(). Returns the descriptor,
 * or a negative errno: -ENAMETOOLONG for a path that does not fit, or
 * what procfs_fd_check() or open() said.
 */
int procfs_open(const char *proc_root, const char *name);

/*
 * Whether open file @fd may be read as a /proc/net file: a regular file
 * (a copied /proc root), or any file of procfs itself. Returns 0,
 * -EISDIR, -PROCFS_ENOTFILE for anything else (a device, FIFO or socket,
 * which may never end or never answer), or fstat()'s negative errno.
 */
int procfs_fd_check(int fd);

int procfs_file_read(const char *proc_root, const char *name,
		     procfs_header_fn header_ok, procfs_line_fn line_cb,
		     void *userdata, size_t *skipped);

/* A parser of one line into a record, as procfs_packet_parse(). */
typedef int (*procfs_parse_fn)(const char *line, size_t len,
			       struct sock_rec *ret);

/*
 * The whole of a simple collector: reads @req->proc_root/net/@name with
 * procfs_file_read(), parses each line with @parse and hands each record
 * to @req->emit; malformed lines are added to @req->skipped. A socket
 * listed twice (same inode, same kernel pointer and table) is emitted
 * once, each repeat added to @req->repeated; a line whose inode was seen
 * with another socket is malformed. Returns as
 * procfs_file_read(), or the negative errno emit returned.
 */
int procfs_file_emit(struct collect_req *req, const char *name,
		     procfs_header_fn header_ok, procfs_parse_fn parse);

/*
 * Whether @line holds the same space-separated words as @words (a
 * NULL-terminated list), in order, and nothing else. Spacing is ignored:
 * the kernel pads its headers to column widths that differ by version and
 * word size.
 */
bool procfs_header_match(const char *line, size_t len,
			 const char *const *words);

/* Header checks, one per file. udp and raw share a header, as do udp6
 * and raw6. */
bool procfs_tcp_header_ok(const char *line, size_t len);
bool procfs_tcp6_header_ok(const char *line, size_t len);
bool procfs_udp_header_ok(const char *line, size_t len);
bool procfs_udp6_header_ok(const char *line, size_t len);
bool procfs_raw_header_ok(const char *line, size_t len);
bool procfs_raw6_header_ok(const char *line, size_t len);
bool procfs_unix_header_ok(const char *line, size_t len);
bool procfs_packet_header_ok(const char *line, size_t len);
bool procfs_netlink_header_ok(const char *line, size_t len);

/*
 * Parses one line of /proc/net/{tcp,tcp6,udp,udp6,raw,raw6} into *ret as
 * a socket of table @netid (SOCK_NETID_TCP, _UDP or _RAW; it decides which
 * trailing fields the line has) and address family @family (AF_INET: 8
 * hex digit addresses; AF_INET6: 32). Returns 0, or -EBADMSG if the line
 * is malformed, or -EINVAL for a @netid or @family it does not read
 * (*ret untouched either way).
 */
int procfs_inet_parse(const char *line, size_t len, int family,
		      enum sock_netid netid, struct sock_rec *ret);

/*
 * The collector of table @netid (TCP, UDP or RAW): reads net/@name4 or
 * net/@name6 by @req->family, as procfs_file_emit() does. Returns
 * -EAFNOSUPPORT for a family other than inet and inet6.
 */
int procfs_inet_collect(struct collect_req *req, enum sock_netid netid,
			const char *name4, procfs_header_fn header4,
			const char *name6, procfs_header_fn header6);

/*
 * Parses one line of /proc/net/unix into *ret. The bound name is copied
 * into @pathbuf (PROCFS_UNIX_PATH_MAX bytes, owned by the caller) and
 * ret->path points there; an abstract name, which the kernel prints with
 * '@' for its leading NUL, is stored with that '\0' as unix_diag gives it.
 * Returns 0, or -EBADMSG if the line is malformed (*ret untouched;
 * @pathbuf may have been written).
 */
int procfs_unix_parse(const char *line, size_t len, char *pathbuf,
		      struct sock_rec *ret);

/* Parses one line of /proc/net/packet into *ret. Returns 0, or -EBADMSG
 * if the line is malformed (*ret untouched). */
int procfs_packet_parse(const char *line, size_t len, struct sock_rec *ret);

/* Parses one line of /proc/net/netlink into *ret. Returns 0, or -EBADMSG
 * if the line is malformed (*ret untouched). */
int procfs_netlink_parse(const char *line, size_t len, struct sock_rec *ret);
