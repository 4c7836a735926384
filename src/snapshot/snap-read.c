// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "owners/owners.h"
#include "query.h"
#include "snap-internal.h"
#include "util/grow.h"
#include "util/num.h"
#include "snapshot.h"

struct dump {
	struct collect_tape_key key;
	int status;
	const uint8_t *data;
	size_t len;
	size_t offset; /* of the section, in the file */
	const char *tag; /* "DUMP", "NDMP" */
};

struct proc_file {
	char name[65];
	const uint8_t *text;
	size_t len;
};

/* --all-netns: one NETN section and what belongs to it. */
struct netns_part {
	bool own; /* its dumps and files: the plain DUMP and PROC */
	struct sock_origin origin; /* strings point into .strings */
	char *strings;
	struct dump *dumps;
	size_t ndumps;
	struct proc_file *procs;
	size_t nprocs;
};

struct netns_warning {
	struct sock_warning w; /* netns_path points into .path */
	char *path;
	size_t before; /* NETN sections written before it */
};

/* One IFNM, CGRP, COMM, UNIT or PROT section, its entries sorted. */
struct names_section {
	enum snapshot_names_kind kind;
	uint64_t netns;
	struct snapshot_name *v;
	size_t n;
};

struct snapshot {
	bool mapped; /* buf is an mmap of the file, not malloc'ed */
	struct proc_file *procs;
	size_t nprocs;
	/* What the tape replays and the proc root holds: the plain ones,
	 * or a namespace's (snapshot_netns_walk()). */
	const struct dump *cur_dumps;
	size_t cur_ndumps;
	const struct proc_file *cur_procs;
	size_t cur_nprocs;
	bool any_procs;
	struct netns_part *parts;
	size_t nparts, parts_cap;
	struct netns_warning *warnings;
	size_t nwarnings, warnings_cap;
	struct sock_origin plain; /* a file without NETN: the context's */
	char *proc_root; /* where snapshot_proc_root() wrote them */
	uint8_t *buf; /* the whole file */
	size_t len;
	struct dump *dumps;
	size_t ndumps;
	const uint8_t *ctx, *owners;
	size_t ctx_len, owners_len, owners_offset;
	struct names_section *names;
	size_t nnames;
	const uint8_t *serv; /* the SERV section's payload, or NULL */
	size_t serv_len;
	const struct dump *last; /* the dump replayed last */
	bool tcpdiag;   /* read as ss reads TCPDIAG_FILE: one stream */
	bool answered;  /* tcpdiag: its stream was replayed */
	struct collect_tape tape;
};

static int fail(struct snapshot_error *err, const char *section,
		size_t offset, const char *what)
{
	memset(err->section, 0, sizeof(err->section));
	strncpy(err->section, section, sizeof(err->section) - 1);
	err->offset = offset;
	err->what = what;
	return -EBADMSG;
}

/* Reads @fd whole into a malloc'ed buffer (its alignment is what the
 * netlink messages inside need). */
static int read_all(int fd, uint8_t **ret, size_t *ret_len)
{
	size_t first = 1 << 20, cap = 0, len = 0;
	uint8_t *buf = NULL;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		first = (size_t)st.st_size + 1;
	for (;;) {
		ssize_t n;

		if (grow_array((void **)&buf, &cap, len + 1, 1, first) < 0) {
			free(buf);
			return -ENOMEM;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = -errno;
			free(buf);
			return e;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

/* A regular file is mapped, not copied: a 120,000-socket snapshot is
 * some 60 MB, and a listing reads a small part of it. Anything else
 * (a pipe, standard input) is read whole. */
static int map_or_read(struct snapshot *s, int fd)
{
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= SIZE_MAX) {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			       fd, 0);

		if (p != MAP_FAILED) {
			s->buf = p;
			s->len = (size_t)st.st_size;
			s->mapped = true;
			return 0;
		}
	}
	return read_all(fd, &s->buf, &s->len);
}

static int add_dump(struct dump **dumps, size_t *ndumps,
		    const struct dump *d, struct snapshot_error *err)
{
	struct dump *v;

	for (size_t i = 0; i < *ndumps; i++)
		if (!memcmp(&(*dumps)[i].key, &d->key, sizeof(d->key)))
			return fail(err, d->tag, d->offset,
				    "a dump recorded twice");
	v = realloc(*dumps, (*ndumps + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*dumps = v;
	(*dumps)[(*ndumps)++] = *d;
	return 0;
}

/* A DUMP section's payload (an NDMP's after its namespace index): its
 * preamble, then the datagrams. */
static int add_dump_section(struct dump **dumps, size_t *ndumps,
			    const char *tag, const uint8_t *p, size_t len,
			    size_t offset, struct snapshot_error *err)
{
	struct dump d = {.offset = offset, .tag = tag};
	int32_t status;

	if (len < SNAP_DUMP_HDR)
		return fail(err, tag, offset, "shorter than its header");
	memcpy(&d.key, p, sizeof(d.key));
	memcpy(&status, p + 8, sizeof(status));
	if (status > 0 || status <= -4096)
		return fail(err, tag, offset, "status is not an errno");
	d.status = status;
	d.data = p + SNAP_DUMP_HDR;
	d.len = len - SNAP_DUMP_HDR;
	if (d.status && d.len)
		return fail(err, tag, offset, "a failed dump with replies");
	return add_dump(dumps, ndumps, &d, err);
}

/* A PROC section (an NPRC's after its namespace index): a file name (no
 * '/', not "." or "..") and its text. */
static int add_proc(struct proc_file **procs, size_t *nprocs,
		    const char *tag, const uint8_t *p, size_t len,
		    size_t offset, struct snapshot_error *err)
{
	struct proc_file f = {0};
	struct proc_file *v;
	uint16_t n;

	if (len < 2)
		return fail(err, tag, offset, "shorter than its header");
	memcpy(&n, p, 2);
	if (n == 0 || n > 64 || n > len - 2)
		return fail(err, tag, offset, "file name length out of range");
	memcpy(f.name, p + 2, n);
	if (strlen(f.name) != n || strchr(f.name, '/') ||
	    !strcmp(f.name, ".") || !strcmp(f.name, ".."))
		return fail(err, tag, offset, "not a /proc/net file name");
	for (size_t i = 0; i < *nprocs; i++)
		if (!strcmp((*procs)[i].name, f.name))
			return fail(err, tag, offset,
				    "a file recorded twice");
	f.text = p + 2 + n;
	f.len = len - 2 - n;
	v = realloc(*procs, (*nprocs + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	*procs = v;
	(*procs)[(*nprocs)++] = f;
	return 0;
}

/* A NETN section: a namespace, its identity and what runs there. */
static int add_netns(struct snapshot *s, const uint8_t *p, size_t len,
		     size_t offset, struct snapshot_error *err)
{
	struct netns_part part = {0};
	const char **slot[SNAP_NETN_FIELDS] = {
		[SNAP_NETN_NAME] = &part.origin.netns_name,
		[SNAP_NETN_CTR_RUNTIME] = &part.origin.ctr_runtime,
		[SNAP_NETN_CTR_ID] = &part.origin.ctr_id,
		[SNAP_NETN_CTR_NAME] = &part.origin.ctr_name,
		[SNAP_NETN_POD_UID] = &part.origin.pod_uid,
		[SNAP_NETN_POD_NAMESPACE] = &part.origin.pod_namespace,
		[SNAP_NETN_POD_NAME] = &part.origin.pod_name,
		[SNAP_NETN_UNIT] = &part.origin.unit,
	};
	uint32_t index, flags;
	char *dst;

	if (len < SNAP_NETN_HDR)
		return fail(err, "NETN", offset, "shorter than its header");
	memcpy(&index, p, 4);
	memcpy(&flags, p + 4, 4);
	memcpy(&part.origin.netns_inode, p + 8, 8);
	memcpy(&part.origin.nsid, p + 16, 4);
	if (index != s->nparts)
		return fail(err, "NETN", offset,
			    "namespace index out of sequence");
	part.own = flags & SNAP_NETN_OWN;
	for (size_t i = 0; part.own && i < s->nparts; i++)
		if (s->parts[i].own)
			return fail(err, "NETN", offset,
				    "a second namespace marked the writer's");
	/* The fields' bytes fit in their payload: NUL-ended copies do
	 * with a byte to spare per field. */
	part.strings = malloc(len);
	if (!part.strings)
		return -ENOMEM;
	dst = part.strings;
	for (size_t at = SNAP_NETN_HDR; at < len;) {
		uint16_t n;
		uint8_t key = p[at];

		if (len - at < 4) {
			free(part.strings);
			return fail(err, "NETN", offset + SNAP_SECTION_HDR + at,
				    "a field shorter than its header");
		}
		memcpy(&n, p + at + 2, 2);
		if (n > len - at - 4 || memchr(p + at + 4, 0, n)) {
			free(part.strings);
			return fail(err, "NETN", offset + SNAP_SECTION_HDR + at,
				    "field length past the section, or a NUL "
				    "byte in it");
		}
		if (key < SNAP_NETN_FIELDS && slot[key]) {
			memcpy(dst, p + at + 4, n);
			dst[n] = '\0';
			*slot[key] = dst;
			dst += n + 1;
		}
		at += 4 + (size_t)n;
	}
	if (grow_array((void **)&s->parts, &s->parts_cap, s->nparts + 1,
		       sizeof(*s->parts), 4) < 0) {
		free(part.strings);
		return -ENOMEM;
	}
	s->parts[s->nparts++] = part;
	return 0;
}

/* An NDMP's or NPRC's namespace: a NETN before it, not the writer's. */
static int part_of(struct snapshot *s, const char *tag, const uint8_t *p,
		   size_t len, size_t offset, struct netns_part **ret,
		   struct snapshot_error *err)
{
	uint32_t index;

	if (len < SNAP_NS_HDR)
		return fail(err, tag, offset, "shorter than its header");
	memcpy(&index, p, 4);
	if (index >= s->nparts || s->parts[index].own)
		return fail(err, tag, offset,
			    "names no namespace recorded before it");
	*ret = &s->parts[index];
	return 0;
}

static int add_warning(struct snapshot *s, const uint8_t *p, size_t len,
		       size_t offset, struct snapshot_error *err)
{
	struct netns_warning nw = {.before = s->nparts};
	uint64_t skipped;
	int32_t e;

	if (len < SNAP_NWRN_HDR)
		return fail(err, "NWRN", offset, "shorter than its header");
	memcpy(&e, p, 4);
	memcpy(&nw.w.netns_inode, p + 8, 8);
	memcpy(&skipped, p + 16, 8);
	if (e >= 0 || e <= -4096)
		return fail(err, "NWRN", offset, "error is not an errno");
	if (skipped > SIZE_MAX ||
	    memchr(p + SNAP_NWRN_HDR, 0, len - SNAP_NWRN_HDR))
		return fail(err, "NWRN", offset,
			    "process count out of range, or a NUL byte in "
			    "the path");
	nw.w.err = e;
	nw.w.skipped = (size_t)skipped;
	nw.path = strndup((const char *)p + SNAP_NWRN_HDR,
			  len - SNAP_NWRN_HDR);
	if (!nw.path)
		return -ENOMEM;
	nw.w.netns_path = nw.path;
	if (grow_array((void **)&s->warnings, &s->warnings_cap,
		       s->nwarnings + 1, sizeof(*s->warnings), 4) < 0) {
		free(nw.path);
		return -ENOMEM;
	}
	s->warnings[s->nwarnings++] = nw;
	return 0;
}


static int by_key(const void *a, const void *b)
{
	const struct snapshot_name *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

/* A names section (snapshot.h) of @kind: the namespace, then entries,
 * each a lookup's answer the reader would take, no key twice. */
static int add_names(struct snapshot *s, enum snapshot_names_kind kind,
		     const uint8_t *p, size_t len, size_t offset,
		     struct snapshot_error *err)
{
	const char *tag = snap_names_tag[kind];
	struct names_section sec = {.kind = kind};
	struct names_section *v;
	size_t n = 0, off;

	if (len < SNAP_NAMES_HDR)
		return fail(err, tag, offset, "shorter than its header");
	memcpy(&sec.netns, p, 8);
	if (kind != SNAPSHOT_NAMES_IFNAME && sec.netns)
		return fail(err, tag, offset, "a namespace for names of none");
	for (size_t i = 0; i < s->nnames; i++)
		if (s->names[i].kind == kind && s->names[i].netns == sec.netns)
			return fail(err, tag, offset, "names recorded twice");
	/* Counted first, so that a count is never taken on trust. */
	for (off = SNAP_NAMES_HDR; off < len; n++) {
		uint16_t l;

		if (len - off < SNAP_NAME_HDR)
			return fail(err, tag, offset + SNAP_SECTION_HDR + off,
				    "an entry cut short");
		memcpy(&l, p + off + 8, 2);
		if (l > len - off - SNAP_NAME_HDR)
			return fail(err, tag, offset + SNAP_SECTION_HDR + off,
				    "a name length past the section's end");
		off += SNAP_NAME_HDR + l;
	}
	sec.v = malloc((n ? n : 1) * sizeof(*sec.v));
	if (!sec.v)
		return -ENOMEM;
	for (off = SNAP_NAMES_HDR; sec.n < n; sec.n++) {
		struct snapshot_name *e = &sec.v[sec.n];
		uint16_t l;

		memcpy(&e->key, p + off, 8);
		memcpy(&l, p + off + 8, 2);
		e->text = (const char *)p + off + SNAP_NAME_HDR;
		e->len = l;
		if (!snap_name_ok(kind, e)) {
			free(sec.v);
			return fail(err, tag, offset + SNAP_SECTION_HDR + off,
				    "not a name this lookup gives");
		}
		off += SNAP_NAME_HDR + l;
	}
	qsort(sec.v, sec.n, sizeof(*sec.v), by_key);
	for (size_t i = 1; i < sec.n; i++)
		if (sec.v[i].key == sec.v[i - 1].key) {
			free(sec.v);
			return fail(err, tag, offset, "a key named twice");
		}
	v = realloc(s->names, (s->nnames + 1) * sizeof(*v));
	if (!v) {
		free(sec.v);
		return -ENOMEM;
	}
	s->names = v;
	s->names[s->nnames++] = sec;
	return 0;
}

/* The section's tag as a names kind, or -1. */
static int names_kind(const char *tag)
{
	for (int k = 0; k < SNAPSHOT_NAMES_KINDS; k++)
		if (!memcmp(tag, snap_names_tag[k], 4))
			return k;
	return -1;
}

/* The sections a single-namespace file holds and those --all-netns
 * adds; another tag is skipped. */
static int add_section(struct snapshot *s, const char *tag,
		       const uint8_t *p, size_t len, size_t off,
		       struct snapshot_error *err)
{
	struct netns_part *part;
	int r;

	if (!memcmp(tag, "DUMP", 4))
		return add_dump_section(&s->dumps, &s->ndumps, "DUMP", p, len,
					off, err);
	if (!memcmp(tag, "PROC", 4)) {
		s->any_procs = true;
		return add_proc(&s->procs, &s->nprocs, "PROC", p, len, off,
				err);
	}
	if (!memcmp(tag, "CTXT", 4)) {
		s->ctx = p;
		s->ctx_len = len;
	} else if (!memcmp(tag, "OWNR", 4)) {
		s->owners = p;
		s->owners_len = len;
		s->owners_offset = off;
	} else if (names_kind(tag) >= 0) {
		return add_names(s, (enum snapshot_names_kind)names_kind(tag), p,
				 len, off, err);
	} else if (!memcmp(tag, "SERV", 4)) {
		uint16_t range[2];

		if (len < SNAP_SERV_HDR)
			return fail(err, tag, off, "shorter than its header");
		memcpy(range, p, sizeof(range));
		if (range[0] > range[1])
			return fail(err, tag, off,
				    "an ephemeral range that ends before it "
				    "starts");
		if (s->serv)
			return fail(err, tag, off, "services recorded twice");
		s->serv = p;
		s->serv_len = len;
	} else if (!memcmp(tag, "NETN", 4)) {
		return add_netns(s, p, len, off, err);
	} else if (!memcmp(tag, "NWRN", 4)) {
		return add_warning(s, p, len, off, err);
	} else if (!memcmp(tag, "NDMP", 4)) {
		r = part_of(s, "NDMP", p, len, off, &part, err);
		return r < 0 ? r
			     : add_dump_section(&part->dumps, &part->ndumps,
						"NDMP", p + SNAP_NS_HDR,
						len - SNAP_NS_HDR, off, err);
	} else if (!memcmp(tag, "NPRC", 4)) {
		r = part_of(s, "NPRC", p, len, off, &part, err);
		s->any_procs = true;
		return r < 0 ? r
			     : add_proc(&part->procs, &part->nprocs, "NPRC",
					p + SNAP_NS_HDR, len - SNAP_NS_HDR,
					off, err);
	}
	return 0;
}

/* Walks the sections after the header up to "END ". */
static int index_file(struct snapshot *s, struct snapshot_error *err)
{
	size_t off = SNAP_HEADER_SIZE;
	uint16_t version, order;
	int r;

	if (s->len < SNAP_HEADER_SIZE ||
	    memcmp(s->buf, SNAP_MAGIC, 8) != 0)
		return fail(err, "header", 0, "not a sockscope snapshot");
	memcpy(&version, s->buf + 8, 2);
	memcpy(&order, s->buf + 10, 2);
	if (order != SNAP_ORDER)
		return fail(err, "header", 10,
			    "written on a machine of the other byte order");
	if (version != SNAPSHOT_VERSION)
		return fail(err, "header", 8, "a version this sockscope "
					      "does not read");
	for (;;) {
		const uint8_t *p = s->buf + off;
		uint32_t len;
		char tag[5] = {0};

		if (s->len - off < SNAP_SECTION_HDR)
			return fail(err, off == s->len ? "END" : "?", off,
				    "file ends before its END section");
		memcpy(tag, p, 4);
		memcpy(&len, p + 4, 4);
		if (len > s->len - off - SNAP_SECTION_HDR)
			return fail(err, tag, off,
				    "section length past the end of the file");
		p += SNAP_SECTION_HDR;
		if (!memcmp(tag, "END ", 4)) {
			if (len != 0 || off + SNAP_SECTION_HDR != s->len)
				return fail(err, tag, off,
					    "bytes after the END section");
			return 0;
		}
		r = add_section(s, tag, p, len, off, err);
		if (r < 0)
			return r;
		off += SNAP_SECTION_HDR + SNAP_PAD(len);
		if (off > s->len)
			return fail(err, tag, off - SNAP_PAD(len) + len,
				    "padding past the end of the file");
	}
}

/* ss -D's file: datagrams of the TCP dumps, one after the other, each
 * dump ended by NLMSG_DONE (ss writes IPv4's, then IPv6's). Read as ss
 * reads TCPDIAG_FILE: a 16-byte header, then the rest of the message
 * padded to 4 bytes; with @first, up to the first NLMSG_DONE only (ss's
 * reader stops there). Each dump becomes the DUMP of the family of its
 * first message (an empty one: the next family in ss's order). */
static int index_ss(struct snapshot *s, bool first,
		    struct snapshot_error *err)
{
	size_t off = 0, start = 0;
	int next_family = AF_INET;

	for (;;) {
		struct nlmsghdr h;
		size_t len;

		if (s->len - off < sizeof(h)) {
			if (off == s->len && off > 0 && !first && start == off)
				return 0;
			return fail(err, "TCP", off,
				    "file ends before NLMSG_DONE");
		}
		memcpy(&h, s->buf + off, sizeof(h));
		if (h.nlmsg_len < sizeof(h))
			return fail(err, "TCP", off,
				    "a netlink message shorter than its header");
		len = NLMSG_ALIGN(h.nlmsg_len);
		if (h.nlmsg_len > s->len - off || len > s->len - off)
			return fail(err, "TCP", off,
				    "message length past the end of the file");
		if (off == start && h.nlmsg_type == SOCK_DIAG_BY_FAMILY &&
		    h.nlmsg_len >= NLMSG_LENGTH(1))
			next_family = s->buf[off + NLMSG_HDRLEN];
		off += len;
		if (h.nlmsg_type == NLMSG_DONE) {
			struct dump d = {
				.key = {.family = (uint8_t)next_family,
					.protocol = IPPROTO_TCP},
				.data = s->buf + start,
				.len = off - start,
				.offset = start,
				.tag = "TCP",
			};
			int r = add_dump(&s->dumps, &s->ndumps, &d, err);

			if (r < 0 || first)
				return r;
			next_family = next_family == AF_INET ? AF_INET6
							     : AF_INET;
			start = off;
		}
	}
}

static int tape_replay(void *ctx, const struct collect_tape_key *key,
		       const void **ret_buf, size_t *ret_len, int *ret_status)
{
	struct snapshot *s = ctx;

	/* ss's reader shows its one stream once, whichever family of the
	 * TCP table asks first. */
	if (s->tcpdiag) {
		if (key->protocol != IPPROTO_TCP || key->protocol32 ||
		    (key->family != AF_INET && key->family != AF_INET6))
			return -ENOENT;
		*ret_buf = s->answered ? NULL : s->dumps[0].data;
		*ret_len = s->answered ? 0 : s->dumps[0].len;
		*ret_status = 0;
		s->last = &s->dumps[0];
		s->answered = true;
		return 0;
	}
	for (size_t i = 0; i < s->cur_ndumps; i++) {
		const struct dump *d = &s->cur_dumps[i];

		if (memcmp(&d->key, key, sizeof(*key)))
			continue;
		s->last = d;
		*ret_buf = d->data;
		*ret_len = d->len;
		*ret_status = d->status;
		return 0;
	}
	/* Not recorded: a kernel that lacked the table. */
	return -ENOENT;
}

/* Whether @s starts like a netlink message rather than a snapshot: what
 * ss -D writes. */
static bool looks_like_ss(const struct snapshot *s)
{
	struct nlmsghdr h;

	if (s->len < sizeof(h))
		return false;
	memcpy(&h, s->buf, sizeof(h));
	return h.nlmsg_type == SOCK_DIAG_BY_FAMILY ||
	       h.nlmsg_type == NLMSG_DONE || h.nlmsg_type == NLMSG_ERROR;
}

/* Indexes s->buf as @mode says. */
static int index_any(struct snapshot *s, enum snapshot_mode mode,
		     struct snapshot_error *err)
{
	int r;

	s->tape = (struct collect_tape){
		.replay = tape_replay,
		.ctx = s,
		.netids = QUERY_NETIDS_ALL,
		.only = true,
	};
	if (mode == SNAPSHOT_TCPDIAG) {
		s->tcpdiag = true;
		s->tape.netids = 1u << SOCK_NETID_TCP;
		s->tape.only = false;
		s->tape.as_recorded = true;
		r = index_ss(s, true, err);
	} else if (looks_like_ss(s)) {
		s->tape.netids = 1u << SOCK_NETID_TCP;
		r = index_ss(s, false, err);
	} else {
		r = index_file(s, err);
	}
	s->cur_dumps = s->dumps;
	s->cur_ndumps = s->ndumps;
	s->cur_procs = s->procs;
	s->cur_nprocs = s->nprocs;
	return r;
}

int snapshot_open(const char *path, enum snapshot_mode mode,
		  struct snapshot **ret, struct snapshot_error *err)
{
	struct snapshot *s;
	int fd, r;

	fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC)
			       : dup(STDIN_FILENO);
	if (fd < 0)
		return -errno;
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return -ENOMEM;
	}
	r = map_or_read(s, fd);
	close(fd);
	if (r >= 0)
		r = index_any(s, mode, err);
	if (r < 0) {
		snapshot_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

int snapshot_open_buf(const void *buf, size_t len, enum snapshot_mode mode,
		      struct snapshot **ret, struct snapshot_error *err)
{
	struct snapshot *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	s->buf = malloc(len ? len : 1);
	if (!s->buf) {
		free(s);
		return -ENOMEM;
	}
	memcpy(s->buf, buf, len);
	s->len = len;
	r = index_any(s, mode, err);
	if (r < 0) {
		snapshot_free(s);
		return r;
	}
	*ret = s;
	return 0;
}

const struct collect_tape *snapshot_tape(struct snapshot *s)
{
	return &s->tape;
}

int snapshot_owners(const struct snapshot *s, struct owners **ret,
		    struct snapshot_error *err)
{
	int r;

	if (!s->owners) {
		*ret = NULL;
		return 0;
	}
	r = owners_load(s->owners, s->owners_len, ret);
	if (r == -EBADMSG)
		return fail(err, "OWNR", s->owners_offset,
			    "not a map of socket owners");
	return r;
}

int snapshot_names(const struct snapshot *s, enum snapshot_names_kind kind,
		   uint64_t netns, const struct snapshot_name **ret,
		   size_t *ret_n)
{
	for (size_t i = 0; i < s->nnames; i++) {
		const struct names_section *sec = &s->names[i];

		if (sec->kind != kind || (netns && sec->netns != netns))
			continue;
		*ret = sec->v;
		*ret_n = sec->n;
		return 0;
	}
	return -ENOENT;
}

int snapshot_names_at(const struct snapshot *s, enum snapshot_names_kind kind,
		      size_t i, uint64_t *ret_netns,
		      const struct snapshot_name **ret, size_t *ret_n)
{
	for (size_t j = 0; j < s->nnames; j++) {
		const struct names_section *sec = &s->names[j];

		if (sec->kind != kind || i--)
			continue;
		*ret_netns = sec->netns;
		*ret = sec->v;
		*ret_n = sec->n;
		return 0;
	}
	return -ENOENT;
}

int snapshot_services(const struct snapshot *s, uint16_t *ret_lo,
		      uint16_t *ret_hi, const char **ret_text,
		      size_t *ret_len)
{
	if (!s->serv)
		return -ENOENT;
	memcpy(ret_lo, s->serv, 2);
	memcpy(ret_hi, s->serv + 2, 2);
	*ret_text = (const char *)s->serv + SNAP_SERV_HDR;
	*ret_len = s->serv_len - SNAP_SERV_HDR;
	return 0;
}

int snapshot_context(const struct snapshot *s, const char *key,
		     const char **ret, size_t *ret_len)
{
	const char *p = (const char *)s->ctx, *end;
	size_t klen = strlen(key);

	/* An ss -D file has no context (NULL + 0 is undefined). */
	if (!p)
		return -ENOENT;
	end = p + s->ctx_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		if ((size_t)(eol - p) > klen && !memcmp(p, key, klen) &&
		    p[klen] == '=') {
			*ret = p + klen + 1;
			*ret_len = (size_t)(eol - p) - klen - 1;
			return 0;
		}
		p = eol + 1;
	}
	return -ENOENT;
}

uint32_t snapshot_pid(const struct snapshot *s)
{
	const char *v;
	size_t len;
	uint32_t pid;

	if (snapshot_context(s, "pid", &v, &len) < 0 ||
	    num_parse_u32(v, len, 10, UINT32_MAX, &pid) < 0)
		return 0;
	return pid;
}

int snapshot_last_dump(const struct snapshot *s, struct snapshot_error *err)
{
	if (!s->last)
		return -ENOENT;
	fail(err, s->last->tag, s->last->offset, "a reply that does not parse");
	return 0;
}

static int write_file(int dfd, const char *name, const uint8_t *p,
		      size_t len)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			0600);
	int r = 0;

	if (fd < 0)
		return -errno;
	while (len > 0) {
		ssize_t k = write(fd, p, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			r = -errno;
			break;
		}
		p += k;
		len -= (size_t)k;
	}
	if (close(fd) < 0 && r == 0)
		r = -errno;
	return r;
}

/* Removes the files of the namespace selected from the proc root. */
static void proc_files_remove(struct snapshot *s)
{
	char path[4096];

	for (size_t i = 0; i < s->cur_nprocs; i++) {
		snprintf(path, sizeof(path), "%s/net/%s", s->proc_root,
			 s->cur_procs[i].name);
		unlink(path);
	}
}

/* Writes the files of the namespace selected into the proc root. */
static int proc_files_write(struct snapshot *s)
{
	char path[4096];
	int dfd, r = 0;

	snprintf(path, sizeof(path), "%s/net", s->proc_root);
	dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	for (size_t i = 0; i < s->cur_nprocs && r >= 0; i++)
		r = write_file(dfd, s->cur_procs[i].name, s->cur_procs[i].text,
			       s->cur_procs[i].len);
	close(dfd);
	return r;
}

/* Removes what snapshot_proc_root() wrote. */
static void proc_root_remove(struct snapshot *s)
{
	char path[4096];

	if (!s->proc_root)
		return;
	proc_files_remove(s);
	snprintf(path, sizeof(path), "%s/net", s->proc_root);
	rmdir(path);
	rmdir(s->proc_root);
	free(s->proc_root);
	s->proc_root = NULL;
}

int snapshot_proc_root(struct snapshot *s, const char **ret)
{
	const char *tmp = getenv("TMPDIR");
	char *root = NULL, path[4096];
	int r = 0;

	if (s->proc_root || !s->any_procs) {
		*ret = s->proc_root;
		return 0;
	}
	if (asprintf(&root, "%s/sockscope-from-XXXXXX",
		     tmp && *tmp ? tmp : "/tmp") < 0)
		return -ENOMEM;
	if (!mkdtemp(root)) {
		r = -errno;
		free(root);
		return r;
	}
	s->proc_root = root;
	snprintf(path, sizeof(path), "%s/net", root);
	if (mkdir(path, 0700) < 0) {
		r = -errno;
		proc_root_remove(s);
		return r;
	}
	r = proc_files_write(s);
	if (r < 0) {
		proc_root_remove(s);
		return r;
	}
	*ret = s->proc_root;
	return 0;
}

/* Makes @part (NULL: the plain sections) what the tape replays and the
 * proc root holds. */
static int select_part(struct snapshot *s, const struct netns_part *part)
{
	if (s->proc_root)
		proc_files_remove(s);
	if (part && !part->own) {
		s->cur_dumps = part->dumps;
		s->cur_ndumps = part->ndumps;
		s->cur_procs = part->procs;
		s->cur_nprocs = part->nprocs;
	} else {
		s->cur_dumps = s->dumps;
		s->cur_ndumps = s->ndumps;
		s->cur_procs = s->procs;
		s->cur_nprocs = s->nprocs;
	}
	/* s->last stays: a reply that did not parse is named after the
	 * walk too. */
	return s->proc_root ? proc_files_write(s) : 0;
}

/* Warnings recorded before the NETN of index @before. */
static int warnings_before(const struct snapshot *s, size_t before,
			   int (*on_warning)(const struct sock_warning *w,
					     void *userdata),
			   void *userdata)
{
	for (size_t i = 0; i < s->nwarnings; i++) {
		int r;

		if (s->warnings[i].before != before)
			continue;
		r = on_warning(&s->warnings[i].w, userdata);
		if (r < 0)
			return r;
	}
	return 0;
}

int snapshot_netns_walk(struct snapshot *s,
			int (*on_netns)(const struct sock_origin *o,
					void *userdata),
			int (*on_warning)(const struct sock_warning *w,
					  void *userdata),
			void *userdata)
{
	int r = 0;

	if (s->nparts == 0) {
		const char *v;
		size_t len;
		uint64_t inode;

		s->plain = (struct sock_origin){.nsid = -1};
		if (snapshot_context(s, "netns", &v, &len) == 0 &&
		    num_parse_u64(v, len, 10, UINT64_MAX, &inode) == 0)
			s->plain.netns_inode = inode;
		r = select_part(s, NULL);
		if (r >= 0)
			r = on_netns(&s->plain, userdata);
		if (r >= 0)
			r = warnings_before(s, 0, on_warning, userdata);
		return r;
	}
	for (size_t i = 0; i < s->nparts && r >= 0; i++) {
		r = warnings_before(s, i, on_warning, userdata);
		if (r >= 0)
			r = select_part(s, &s->parts[i]);
		if (r >= 0)
			r = on_netns(&s->parts[i].origin, userdata);
	}
	if (r >= 0)
		r = warnings_before(s, s->nparts, on_warning, userdata);
	if (r >= 0)
		r = select_part(s, NULL);
	else
		select_part(s, NULL);
	return r;
}

size_t snapshot_netns_count(const struct snapshot *s)
{
	return s->nparts;
}

void snapshot_rewind(struct snapshot *s)
{
	s->answered = false;
	s->last = NULL;
}

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	proc_root_remove(s);
	for (size_t i = 0; i < s->nparts; i++) {
		free(s->parts[i].strings);
		free(s->parts[i].dumps);
		free(s->parts[i].procs);
	}
	free(s->parts);
	for (size_t i = 0; i < s->nwarnings; i++)
		free(s->warnings[i].path);
	free(s->warnings);
	free(s->procs);
	for (size_t i = 0; i < s->nnames; i++)
		free(s->names[i].v);
	free(s->names);
	if (s->mapped)
		munmap(s->buf, s->len);
	else
		free(s->buf);
	free(s->dumps);
	free(s);
}
