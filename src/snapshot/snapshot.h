/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Snapshot files (--snapshot, --from, --diff): what the kernel answered,
 * as it answered, so a later sockscope replays it through the same
 * parsers. The container, in host byte order (the netlink bytes inside
 * are; the header says which order that was):
 *
 *   header, 16 bytes: "SKSCSNAP", u16 version (1), u16 0x0102 written
 *   in the writer's order, u32 0
 *   sections, each: 4-byte tag, u32 payload length, the payload, zero
 *   padding to a multiple of 4
 *     "CTXT" key=value lines: version, host, kernel, time, netns, pid
 *     "DUMP" u8 family, u8 protocol, u16 0, u32 protocol32 (struct
 *            collect_tape_key), i32 status, u32 0, then the reply
 *            datagrams of that dump as received
 *     "PROC" u16 name length, the name ("raw", "sockstat"), the text of
 *            /proc/net/<name> as read
 *     "OWNR" the -p map (owners_save())
 *     "IFNM", "CGRP", "COMM", "UNIT", "PROT", "CRUN", "CTID", "CTNM",
 *     "PODU", "PODS", "PODN": what a lookup of the
 *            names stage answered on the recording host (enum
 *            snapshot_names_kind): u64 the network namespace's inode
 *            (IFNM; 0 for the others), then entries of u64 key, u16
 *            length, that many bytes of name (no NUL), keys unique;
 *            one of each, but IFNM: the writer's namespace's first,
 *            then (--all-netns) one for each other namespace whose
 *            sockets use an interface, named inside it, each inode once
 *     "SERV" u16 the first and u16 the last port of the kernel's
 *            ephemeral range, then the bytes of /etc/services
 *     "END " empty; the last section, nothing after it
 *   With --all-netns, every namespace once, as it was dumped:
 *     "NETN" one namespace: u32 index (0, 1, ... in file order), u32
 *            flags (1: the writer's own), u64 nsfs inode, i32 nsid (-1:
 *            none), u32 0, then fields, each u8 key, u8 0, u16 length
 *            and that many bytes (no NUL): 1 ip-netns name, 2 the path
 *            it was entered by, 3 container runtime, 4 container id,
 *            5 container name, 6 pod uid, 7 pod namespace, 8 pod name,
 *            9 systemd unit; a field not known is absent
 *     "NDMP" u32 NETN index, u32 0, then a DUMP's payload: a dump of
 *            that namespace
 *     "NPRC" u32 NETN index, u32 0, then a PROC's payload
 *     "NWRN" a namespace not entered, or processes not looked at: i32
 *            errno (negative), u32 0, u64 inode (0: none), u64 processes
 *            (0: a namespace), then the path
 *   The writer's own namespace keeps its dumps and files in DUMP and
 *   PROC sections (after its NETN), so a reader that knows none of the
 *   four (or --from without --all-netns) reads the namespace the file was
 *   taken from; a single-namespace file has none of them.
 *   A reader skips a section whose tag it does not know.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collector.h"

struct owners;

#define SNAPSHOT_VERSION 1

/* The lookups a snapshot records, so that a later reader names what
 * the recording host named: each a section of its own. */
enum snapshot_names_kind {
	SNAPSHOT_NAMES_IFNAME,   /* "IFNM": interface index -> name */
	SNAPSHOT_NAMES_CGROUP,   /* "CGRP": cgroup v2 id -> path */
	SNAPSHOT_NAMES_COMM,     /* "COMM": pid -> command name, as
				  * /proc/PID/stat gives it (netlink port
				  * ids) */
	SNAPSHOT_NAMES_UNIT,     /* "UNIT": pid -> systemd unit (owners) */
	SNAPSHOT_NAMES_PROTOCOL, /* "PROT": IP protocol -> name (raw) */
	/* pid -> what runs it (owners; --all-netns shows it per socket): */
	SNAPSHOT_NAMES_CTR_RUNTIME,  /* "CRUN": container runtime */
	SNAPSHOT_NAMES_CTR_ID,       /* "CTID": container id */
	SNAPSHOT_NAMES_CTR_NAME,     /* "CTNM": container name */
	SNAPSHOT_NAMES_POD_UID,      /* "PODU": Kubernetes pod uid */
	SNAPSHOT_NAMES_POD_NAMESPACE, /* "PODS": its namespace */
	SNAPSHOT_NAMES_POD_NAME,     /* "PODN": its name */
	SNAPSHOT_NAMES_KINDS
};

/* The longest name a reader takes for @kind (a longer one is not
 * recorded). */
size_t snapshot_names_max(enum snapshot_names_kind kind);

/* One recorded answer: @len bytes of @text (not NUL-terminated) for
 * @key. */
struct snapshot_name {
	uint64_t key;
	const char *text;
	size_t len;
};

/* Where a file is bad, for the one line that says so. */
struct snapshot_error {
	char section[8]; /* the tag, or "header" */
	size_t offset;   /* of the section (or the byte) that is bad */
	const char *what;
};

struct snapshot;

enum snapshot_mode {
	/* --from: a snapshot, or an ss -D file read whole (every dump in
	 * it, IPv6's too); the kernel is asked for nothing. */
	SNAPSHOT_FROM,
	/* TCPDIAG_FILE: an ss -D file read as ss reads it, up to its first
	 * NLMSG_DONE, for the TCP table alone, every socket in it shown
	 * whatever the states and families asked. */
	SNAPSHOT_TCPDIAG,
};

/*
 * Reads @path ("-": standard input) whole and checks its structure: a
 * snapshot's header and the length of every section, up to its "END "
 * section; an ss file's message lengths up to NLMSG_DONE. Returns 0 and
 * the file in *ret (free with snapshot_free()); -EBADMSG with *err
 * filled for a file that is not whole; or the negative errno of
 * open()/read() or -ENOMEM.
 */
int snapshot_open(const char *path, enum snapshot_mode mode,
		  struct snapshot **ret, struct snapshot_error *err);

/* snapshot_open over @len bytes at @buf (copied): for tests and the
 * fuzzer. */
int snapshot_open_buf(const void *buf, size_t len, enum snapshot_mode mode,
		      struct snapshot **ret, struct snapshot_error *err);

/* The tape that replays @s's dumps (lives as long as @s). */
const struct collect_tape *snapshot_tape(struct snapshot *s);

/*
 * The -p map recorded in @s, in *ret (NULL if the file has none; free
 * with owners_free()). Returns 0, -EBADMSG with *err filled, or -ENOMEM.
 */
int snapshot_owners(const struct snapshot *s, struct owners **ret,
		    struct snapshot_error *err);

/*
 * The /proc/net files @s recorded, written out under a new private
 * directory, for the /proc readers to read as a --proc-root: its path
 * in *ret (NULL when the file has none; removed by snapshot_free()).
 * Returns 0 or a negative errno.
 */
int snapshot_proc_root(struct snapshot *s, const char **ret);

/*
 * The recorded answers of @kind for network namespace @netns (IFNM; 0:
 * the first such section, the recording's own namespace), sorted by
 * key, in *ret and their number in *ret_n (they live as long as @s).
 * Returns 0, or -ENOENT when the file records none (written before
 * these sections, or an ss -D file): the caller then asks the host.
 */
int snapshot_names(const struct snapshot *s, enum snapshot_names_kind kind,
		   uint64_t netns, const struct snapshot_name **ret,
		   size_t *ret_n);

/*
 * The @i-th (from 0, in file order) section of @kind: its namespace
 * (IFNM; else 0) in *ret_netns, its answers sorted by key in *ret and
 * their number in *ret_n (they live as long as @s). With --all-netns
 * a file holds an IFNM for each namespace whose sockets use an
 * interface, the writer's first. Returns 0, or -ENOENT past the last.
 */
int snapshot_names_at(const struct snapshot *s, enum snapshot_names_kind kind,
		      size_t i, uint64_t *ret_netns,
		      const struct snapshot_name **ret, size_t *ret_n);

/*
 * The recorded ephemeral port range (*ret_lo..*ret_hi) and /etc/services
 * bytes (*ret_text, *ret_len; living as long as @s). Returns 0, or
 * -ENOENT when the file has no SERV section.
 */
int snapshot_services(const struct snapshot *s, uint16_t *ret_lo,
		      uint16_t *ret_hi, const char **ret_text,
		      size_t *ret_len);

/* The value of context key @key ("host", "kernel", "time", "netns",
 * "version", "pid": of the sockscope that wrote it) in *ret and its length in *ret_len; returns 0 or -ENOENT. */
int snapshot_context(const struct snapshot *s, const char *key,
		     const char **ret, size_t *ret_len);

/* The pid of the sockscope that wrote @s, or 0 when the file does not
 * say (an ss -D file). */
uint32_t snapshot_pid(const struct snapshot *s);

/*
 * Which DUMP section a replay was reading last, for a message about a
 * reply that did not parse: *err names it. Returns 0, or -ENOENT before
 * any replay.
 */
int snapshot_last_dump(const struct snapshot *s, struct snapshot_error *err);

/*
 * --all-netns: calls @on_netns for each namespace @s recorded, in the
 * order it was dumped, with its dumps and /proc/net files selected (the
 * tape and snapshot_proc_root()'s directory are that namespace's while
 * the call runs), and @on_warning for each namespace-level warning, in
 * the order they were recorded. A file recorded without --all-netns is
 * one namespace, the context's. Strings in the origin and the warnings
 * live as long as @s. Stops at, and returns, a callback's negative
 * value; returns 0 or a negative errno (writing the /proc/net files).
 * Leaves the writer's own namespace selected.
 */
int snapshot_netns_walk(struct snapshot *s,
			int (*on_netns)(const struct sock_origin *o,
					void *userdata),
			int (*on_warning)(const struct sock_warning *w,
					  void *userdata),
			void *userdata);

/* How many NETN sections @s holds (0: recorded without --all-netns). */
size_t snapshot_netns_count(const struct snapshot *s);

/* Forgets what was replayed (TCPDIAG_FILE's stream shows once), for
 * the next pass over @s. */
void snapshot_rewind(struct snapshot *s);

/* Frees @s; NULL is fine. */
void snapshot_free(struct snapshot *s);

struct snapshot_writer;

/*
 * Starts snapshot @path: a temporary file beside it, renamed over @path
 * only by snapshot_writer_commit(). Writes the header and a CTXT
 * section. Returns 0 and the writer in *ret, or a negative errno.
 */
int snapshot_writer_new(const char *path, struct snapshot_writer **ret);

/* The tape that records into @w (lives as long as @w). */
const struct collect_tape *snapshot_writer_tape(struct snapshot_writer *w);

/* Adds the text of <@proc_root>/net/@name, as read; a file that is not
 * there is left out. Returns 0 or a negative errno. */
int snapshot_writer_proc(struct snapshot_writer *w, const char *proc_root,
			 const char *name);

/* Adds the -p map of the sockets whose inodes @keep(inode, @ctx)
 * accepts (those recorded: the walk sees every namespace's). Returns 0
 * or a negative errno. */
int snapshot_writer_owners(struct snapshot_writer *w, struct owners *m,
			   bool (*keep)(uint32_t inode, void *ctx), void *ctx);

/*
 * --all-netns: starts namespace @o's part of the file (a NETN section,
 * @path saying how it was entered): the dumps and /proc files recorded
 * after it are that namespace's, in DUMP and PROC sections when @own
 * (the writer's namespace), else NDMP and NPRC. Returns 0 or a negative
 * errno.
 */
int snapshot_writer_netns(struct snapshot_writer *w,
			  const struct sock_origin *o, const char *path,
			  bool own);

/* --all-netns: records warning @sw (a namespace not entered, or
 * processes not looked at: netns_path set) as an NWRN section. Returns 0
 * or a negative errno. */
int snapshot_writer_netns_warning(struct snapshot_writer *w,
				  const struct sock_warning *sw);

/*
 * Adds the @n answers of @kind at @v (keys unique, texts without NUL)
 * for namespace @netns (IFNM; 0 otherwise). Returns 0 or a negative
 * errno (-EINVAL for an entry the reader would refuse).
 */
int snapshot_writer_names(struct snapshot_writer *w,
			  enum snapshot_names_kind kind, uint64_t netns,
			  const struct snapshot_name *v, size_t n);

/* Adds the ephemeral port range @lo..@hi and @len bytes of
 * /etc/services at @text. Returns 0 or a negative errno. */
int snapshot_writer_services(struct snapshot_writer *w, uint16_t lo,
			     uint16_t hi, const void *text, size_t len);

/* Ends the file, syncs it and renames it over the path. Returns 0 or a
 * negative errno (the temporary file is then removed by _free). */
int snapshot_writer_commit(struct snapshot_writer *w);

/* Frees @w, removing its temporary file unless committed; NULL is
 * fine. */
void snapshot_writer_free(struct snapshot_writer *w);
