/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The commands other than the listing, one file each, dispatched from
 * main.c. Each runs with options already checked by options_parse(),
 * writes its output to standard output and its messages to standard
 * error, and returns the program's exit status (sockscope(8)): 0, 1 for a
 * failure of the system, 2 for bad input.
 */

#include <stdbool.h>
#include <stdint.h>

#include "collect.h"
#include "options.h"
#include "sock.h"

#define CMD_EXIT_BADINPUT 2

int cmd_summary(const struct options *opts);     /* -s */
int cmd_protostats(const struct options *opts);  /* --protocol-stats */
int cmd_kill(const struct options *opts);        /* -K */
int cmd_events(const struct options *opts);      /* -E */
int cmd_watch(const struct options *opts);       /* --watch */
int cmd_prometheus(const struct options *opts);  /* --prometheus */
int cmd_snapshot(const struct options *opts);    /* --snapshot FILE */
int cmd_ssdump(const struct options *opts);      /* -D FILE */
int cmd_diff(const struct options *opts);        /* --diff FILE */

struct snapshot;
struct snapshot_error;

/* A collect_warn_fn that says nothing: a replay checked or a side read
 * for --diff, whose warnings the listing itself gives. */
int cmd_warn_none(const struct sock_warning *w, void *userdata);

/* "@what @path: section S at byte N: WHY" on stderr for a damaged
 * snapshot @e; returns CMD_EXIT_BADINPUT. */
int cmd_bad_file(const char *what, const char *path,
		 const struct snapshot_error *e);
struct owners;
struct collect_tape;

/* Where the listing's sockets come from when not (only) the kernel. */
struct cmd_source {
	struct snapshot *snap;           /* NULL: the kernel */
	const struct collect_tape *tape; /* for collect_opts.tape */
	struct owners *owners; /* -p with --from: the file's map */
	const char *proc_root; /* the file's /proc/net texts, or NULL */
	const char *path, *what; /* for messages: the file, the option */
	struct netns_entry *entry; /* --all-netns: one per namespace replayed */
};

/*
 * Opens the recording the listing reads (--from FILE, or TCPDIAG_FILE
 * from the environment) into *ret, and replays every table the query
 * may show once without printing, so a damaged file stops the run
 * before its first line. Neither: *ret is empty. Returns 0, or the exit
 * status after one line on stderr (2 naming file, section and byte
 * offset for a damaged file).
 */
int cmd_source_open(const struct options *opts, struct cmd_source *ret);

/*
 * For -s and --protocol-stats: with --from, cmd_source_open() and *root
 * pointed at the file's /proc/net texts (a file without them, as ss -D
 * writes, is bad input: status 2); without, *ret empty and *root as it
 * was (TCPDIAG_FILE does not apply, as in ss). Returns 0 or the exit
 * status.
 */
int cmd_source_counters(const struct options *opts, struct cmd_source *ret,
			const char **root);

/* cmd_collect_failed, naming the file's section for a reply of @src
 * that does not parse. */
int cmd_source_failed(const struct cmd_source *src, int r,
		      const struct collect_where *where);

struct netns_run;

/*
 * --from FILE --all-netns: hands each namespace FILE recorded to
 * run->dump, in the order it was dumped, as an entry (inode and origin
 * as recorded; no path, pids or descriptor) with @src's tape and proc
 * root selecting that namespace's dumps and /proc/net files (the
 * caller's collect_opts take them from @src); each warning recorded (a
 * namespace not entered, processes not looked at) goes to @warn, in the
 * order it came live. A file recorded without --all-netns is one
 * namespace. The origins live as long as @src. Returns 0, the first
 * negative value a callback returned, or a negative errno.
 */
int cmd_source_all_netns(struct cmd_source *src, const struct netns_run *run,
			 int (*warn)(const struct sock_warning *w, void *data),
			 void *warn_data);
struct names;

/*
 * Makes @n name as the host that wrote @src's snapshot named: interfaces,
 * cgroups, processes, protocols and services from the file's recorded
 * tables (a file without them, or no file: @n asks this host, as
 * before). Returns 0 or -ENOMEM.
 */
int cmd_source_names(const struct cmd_source *src, struct names *n);

/* Frees what @src holds; an empty one is fine. */
void cmd_source_done(struct cmd_source *src);

/*
 * Says on standard error that a table could not be seen wholly, as the
 * listing does. Returns false for a table this kernel lacks that the user
 * did not name: that absence is silent, and not a JSON warning either.
 */
bool cmd_warn(const struct options *opts, const struct sock_warning *w);

/* Whether cmd_warn() would say @w, without saying it. */
bool cmd_warn_counts(const struct options *opts, const struct sock_warning *w);

/*
 * Says on standard error why a collection failed with @r (a negative
 * errno) while dumping @where (netid < 0: not a collector's failure),
 * and returns the exit status: 0 for -EPIPE (the reader went away),
 * 2 for an answer that does not parse, 1 otherwise.
 */
int cmd_collect_failed(int r, const struct collect_where *where);

/*
 * Says why counter file @root/net/@name could not be read or parsed
 * (@err, from procfs_stats_read() or a counter parser, or -EBADMSG for a
 * counter given twice). Returns 2 for input that is not what the kernel
 * writes (malformed; a device, FIFO or socket), 1 otherwise.
 */
int cmd_stats_file_failed(const char *root, const char *name, int err);

/* Room for cmd_stamp_now()'s text, NUL included. */
#define CMD_STAMP_MAX 40

/* Now, for an event's "timestamp" (RFC 3339, UTC, microseconds) in
 * @dst (CMD_STAMP_MAX bytes) and "timestamp_us" in *ret_us. */
void cmd_stamp_now(char *dst, uint64_t *ret_us);

/*
 * Says "sockscope: " and the printf-style message on standard error, the
 * message escaped as the table escapes (esc_table()): for every message
 * that echoes the user's bytes (an option, a path, a filter), so that a
 * control sequence in them never reaches the terminal.
 */
void cmd_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct filter_error;

/*
 * Says why filter @text did not parse (@err from filter_parse()): what
 * was expected and where, the offending line and a caret line under the
 * token, the line escaped as the table escapes and the caret placed
 * under the escaped token.
 */
void cmd_filter_error(const char *text, const struct filter_error *err);

struct collect_stats;

/*
 * With SOCKSCOPE_DEBUG set (to anything but "" or "0"), says on standard
 * error what the collection did that the user may want to know but that
 * changes nothing in the output: dumps asked again without the filter
 * program the kernel refused. Silent otherwise.
 */
void cmd_debug_collect(const struct collect_stats *stats);

/* Says "sockscope: write error: ..." for a write error @err (not
 * -EPIPE) and returns 1; returns 0 for -EPIPE. */
int cmd_write_failed(int err);

struct netns_run;
struct netns_list;
struct container_cache;

/*
 * --all-netns for a command: netns_run_host() with what runs in each
 * namespace (container, pod, unit: names/container.c) filled into its
 * origin before run->dump sees it. Namespaces that only a socket keeps
 * alive are looked for when run->find_pinned says so. @cache (borrowed;
 * NULL: one of its own) is the per-pid cache the sockets' attribution
 * shares (names_container_cache()). A namespace that cannot be entered
 * goes to @warn, unless run->skip is set. Returns and fills *ret_list as
 * netns_run_host().
 */
int cmd_all_netns(const struct netns_run *run, struct container_cache *cache,
		  int (*warn)(const struct sock_warning *w, void *data),
		  void *warn_data, struct netns_list **ret_list);
