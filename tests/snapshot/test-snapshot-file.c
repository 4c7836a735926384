// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The snapshot container and ss's dump files as pure byte input: files
 * built here around recorded kernel replies (tests/fixtures/tcp*-dump.bin)
 * are replayed through collect_run(); every way the structure can be
 * wrong fails with -EBADMSG naming the section and offset; ss's files
 * are read whole by --from and to the first NLMSG_DONE as TCPDIAG_FILE;
 * the owner map round-trips through its bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "harness.h"

#include "collect.h"
#include "owners/owners.h"
#include "snapshot/snapshot.h"

static char *fixture(const char *name, size_t *ret_len)
{
	char path[4096];
	FILE *f;
	char *buf = malloc(1 << 16);

	snprintf(path, sizeof(path), "%s/%s", getenv("FIXTURES"), name);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_non_null(buf);
	*ret_len = fread(buf, 1, 1 << 16, f);
	fclose(f);
	assert_true(*ret_len > 0);
	return buf;
}

/* A growing file image. */
struct img {
	unsigned char b[1 << 17];
	size_t n;
};

static void put(struct img *m, const void *p, size_t n)
{
	assert_true(m->n + n <= sizeof(m->b));
	if (n)
		memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void section(struct img *m, const char *tag, const void *pre,
		    size_t pre_len, const void *p, size_t n)
{
	uint32_t len = (uint32_t)(pre_len + n);

	put(m, tag, 4);
	put(m, &len, 4);
	put(m, pre, pre_len);
	put(m, p, n);
	while (m->n % 4)
		m->b[m->n++] = 0;
}

static void header(struct img *m, uint16_t version)
{
	uint16_t order = 0x0102;
	uint32_t zero = 0;

	m->n = 0;
	put(m, "SKSCSNAP", 8);
	put(m, &version, 2);
	put(m, &order, 2);
	put(m, &zero, 4);
}

static void dump(struct img *m, int family, const void *p, size_t n,
		 int32_t status)
{
	unsigned char pre[16] = {(unsigned char)family, IPPROTO_TCP};

	memcpy(pre + 8, &status, 4);
	section(m, "DUMP", pre, sizeof(pre), p, n);
}

/* tcp4's and tcp6's recorded dumps, a CTXT, an END. */
static void good(struct img *m)
{
	size_t n4, n6;
	char *d4 = fixture("tcp4-dump.bin", &n4);
	char *d6 = fixture("tcp6-dump.bin", &n6);
	static const char ctx[] = "version=0.1.0\nhost=h\ntime=1\n";

	header(m, 1);
	section(m, "CTXT", NULL, 0, ctx, sizeof(ctx) - 1);
	dump(m, AF_INET, d4, n4, 0);
	dump(m, AF_INET6, d6, n6, 0);
	section(m, "XTRA", NULL, 0, "future", 6); /* skipped */
	section(m, "END ", NULL, 0, NULL, 0);
	free(d4);
	free(d6);
}

/* --all-netns: a NETN section; @fields "KEY=value\n..." with KEY a
 * digit (the field key). */
static void netns(struct img *m, uint32_t index, uint32_t flags,
		  uint64_t inode, int32_t nsid, const char *fields)
{
	unsigned char b[1024];
	size_t n = 24;

	memset(b, 0, sizeof(b));
	memcpy(b, &index, 4);
	memcpy(b + 4, &flags, 4);
	memcpy(b + 8, &inode, 8);
	memcpy(b + 16, &nsid, 4);
	while (fields && *fields) {
		const char *nl = strchr(fields, '\n');
		uint16_t len = (uint16_t)(nl - fields - 2);

		b[n] = (unsigned char)(fields[0] - '0');
		b[n + 1] = 0;
		memcpy(b + n + 2, &len, 2);
		memcpy(b + n + 4, fields + 2, len);
		n += 4 + len;
		fields = nl + 1;
	}
	section(m, "NETN", NULL, 0, b, n);
}

/* An NDMP of namespace @index: a DUMP's payload after the index. */
static void ndump(struct img *m, uint32_t index, int family, const void *p,
		  size_t n)
{
	unsigned char pre[24] = {0};

	memcpy(pre, &index, 4);
	pre[8] = (unsigned char)family;
	pre[9] = IPPROTO_TCP;
	section(m, "NDMP", pre, sizeof(pre), p, n);
}

static void nwarn(struct img *m, int32_t err, uint64_t inode,
		  uint64_t procs, const char *path)
{
	unsigned char pre[24] = {0};

	memcpy(pre, &err, 4);
	memcpy(pre + 8, &inode, 8);
	memcpy(pre + 16, &procs, 8);
	section(m, "NWRN", pre, sizeof(pre), path, strlen(path));
}

/* What --snapshot --all-netns writes: the writer's namespace (inode
 * 100) with tcp4's dump in a plain DUMP; namespace "ns1" (inode 200,
 * nsid 3, a podman container, a unit) with tcp6's in an NDMP and a
 * sockstat in an NPRC; a warning; an empty namespace (inode 400). */
static void good_all(struct img *m)
{
	size_t n4, n6;
	char *d4 = fixture("tcp4-dump.bin", &n4);
	char *d6 = fixture("tcp6-dump.bin", &n6);
	static const char ctx[] = "version=0.1.0\nhost=h\nnetns=100\n";
	unsigned char nprc[8 + 2 + 8] = {1, 0, 0, 0, 0, 0, 0, 0, 8, 0};

	memcpy(nprc + 10, "sockstat", 8);
	header(m, 1);
	section(m, "CTXT", NULL, 0, ctx, sizeof(ctx) - 1);
	netns(m, 0, 1, 100, -1, NULL);
	dump(m, AF_INET, d4, n4, 0);
	netns(m, 1, 0, 200, 3,
	      "1=ns1\n2=/run/netns/ns1\n3=podman\n5=web1\n9=demo.service\n"
	      "7=future key\n");
	section(m, "NPRC", nprc, sizeof(nprc), "sockets: used 1\n", 16);
	ndump(m, 1, AF_INET, d4, n4);
	ndump(m, 1, AF_INET6, d6, n6);
	nwarn(m, -EACCES, 300, 0, "/proc/9/task/9/ns/net");
	netns(m, 2, 0, 400, -1, "");
	section(m, "XTRA", NULL, 0, "future", 6); /* skipped */
	section(m, "END ", NULL, 0, NULL, 0);
	free(d4);
	free(d6);
}

struct seen_socks {
	size_t n, v4, v6;
	uint32_t states;
};

static int count(const struct sock_rec *rec, void *userdata)
{
	struct seen_socks *s = userdata;

	s->n++;
	s->v4 += rec->family == AF_INET;
	s->v6 += rec->family == AF_INET6;
	s->states |= 1u << rec->state;
	return 0;
}

static int quiet(const struct sock_warning *w, void *userdata)
{
	return 0;
}

/* Every TCP socket @s replays, all states. */
static int replay_tcp(struct snapshot *s, struct seen_socks *ret,
		      uint32_t families)
{
	struct sock_query q = {
		.netids = 1u << SOCK_NETID_TCP,
		.families = families,
		.states = SOCK_STATES_ALL,
	};
	struct collect_opts o = {.tape = snapshot_tape(s)};
	struct collect_where w;
	struct collect_stats st;

	*ret = (struct seen_socks){0};
	return collect_run(&q, &o, count, quiet, ret, &w, &st);
}

static void snapshot_replays(void **state)
{
	struct img *m = malloc(sizeof(*m));
	struct snapshot_error e;
	struct snapshot *s;
	struct seen_socks seen;
	const char *v;
	size_t vlen;

	good(m);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(replay_tcp(s, &seen, QUERY_FAMILY_ALL), 0);
	/* The fixtures' three v4 and two v6 sockets. */
	assert_int_equal(seen.v4, 3);
	assert_int_equal(seen.v6, 2);
	assert_int_equal(snapshot_context(s, "host", &v, &vlen), 0);
	assert_int_equal(vlen, 1);
	assert_memory_equal(v, "h", 1);
	assert_int_equal(snapshot_context(s, "kernel", &v, &vlen), -ENOENT);
	/* Only the family asked is replayed. */
	snapshot_rewind(s);
	assert_int_equal(replay_tcp(s, &seen, QUERY_FAMILY_INET6), 0);
	assert_int_equal(seen.n, 2);
	snapshot_free(s);
	free(m);
}

struct walked {
	struct snapshot *s;
	size_t n, warnings_at[4], nwarnings;
	struct sock_origin o[4];
	char name[4][32], ctr[4][32], unit[4][32];
	size_t v4[4], v6[4];
};

static int on_netns(const struct sock_origin *o, void *userdata)
{
	struct walked *w = userdata;
	struct seen_socks seen;

	assert_true(w->n < 4);
	w->o[w->n] = *o;
	snprintf(w->name[w->n], 32, "%s", o->netns_name ? o->netns_name : "-");
	snprintf(w->ctr[w->n], 32, "%s", o->ctr_name ? o->ctr_name : "-");
	snprintf(w->unit[w->n], 32, "%s", o->unit ? o->unit : "-");
	snapshot_rewind(w->s);
	assert_int_equal(replay_tcp(w->s, &seen, QUERY_FAMILY_ALL), 0);
	w->v4[w->n] = seen.v4;
	w->v6[w->n] = seen.v6;
	w->n++;
	return 0;
}

static int on_warning(const struct sock_warning *sw, void *userdata)
{
	struct walked *w = userdata;

	assert_int_equal(sw->err, -EACCES);
	assert_int_equal(sw->netns_inode, 300);
	assert_string_equal(sw->netns_path, "/proc/9/task/9/ns/net");
	w->warnings_at[w->nwarnings++] = w->n;
	return 0;
}

static void all_netns_replays(void **state)
{
	struct img *m = malloc(sizeof(*m));
	struct snapshot_error e;
	struct walked w = {0};
	struct seen_socks seen;
	const char *root;

	good_all(m);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &w.s, &e),
			 0);
	assert_int_equal(snapshot_netns_count(w.s), 3);
	/* Without --all-netns (and as an old reader reads it): the
	 * writer's own namespace alone. */
	assert_int_equal(replay_tcp(w.s, &seen, QUERY_FAMILY_ALL), 0);
	assert_int_equal(seen.v4, 3);
	assert_int_equal(seen.v6, 0);
	assert_int_equal(snapshot_proc_root(w.s, &root), 0);
	assert_non_null(root);
	assert_int_equal(snapshot_netns_walk(w.s, on_netns, on_warning, &w), 0);
	assert_int_equal(w.n, 3);
	assert_int_equal(w.o[0].netns_inode, 100);
	assert_int_equal(w.o[1].netns_inode, 200);
	assert_int_equal(w.o[1].nsid, 3);
	assert_int_equal(w.o[2].nsid, -1);
	assert_string_equal(w.name[1], "ns1");
	assert_string_equal(w.ctr[1], "web1");
	assert_string_equal(w.unit[1], "demo.service");
	assert_null(w.o[1].ctr_id); /* not recorded: absent */
	assert_string_equal(w.name[0], "-");
	assert_int_equal(w.v4[0], 3);
	assert_int_equal(w.v6[0], 0);
	assert_int_equal(w.v4[1], 3);
	assert_int_equal(w.v6[1], 2);
	assert_int_equal(w.v4[2] + w.v6[2], 0);
	/* Said where it came live: after ns1, before the empty one. */
	assert_int_equal(w.nwarnings, 1);
	assert_int_equal(w.warnings_at[0], 2);
	/* Back on the writer's namespace after the walk. */
	snapshot_rewind(w.s);
	assert_int_equal(replay_tcp(w.s, &seen, QUERY_FAMILY_ALL), 0);
	assert_int_equal(seen.v4, 3);
	snapshot_free(w.s);
	/* A file without --all-netns is one namespace, the context's. */
	good(m);
	memset(&w, 0, sizeof(w));
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &w.s, &e),
			 0);
	assert_int_equal(snapshot_netns_count(w.s), 0);
	assert_int_equal(snapshot_netns_walk(w.s, on_netns, on_warning, &w), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v4[0], 3);
	assert_int_equal(w.v6[0], 2);
	snapshot_free(w.s);
	free(m);
}

/* @m must be refused, naming @section. */
static void refused(const struct img *m, size_t len, const char *section)
{
	struct snapshot_error e = {0};
	struct snapshot *s = NULL;

	if (snapshot_open_buf(m->b, len, SNAPSHOT_FROM, &s, &e) != -EBADMSG)
		fail_msg("a file of %zu bytes read whole, not refused as bad "
			 "in section %s", len, section);
	assert_null(s);
	assert_string_equal(e.section, section);
	assert_true(e.offset <= len);
	assert_non_null(e.what);
}

/* @m cut at every section boundary and inside every section: each
 * refused, naming the section (END where one is missing). */
static void refused_cuts(const struct img *m)
{
	size_t off = 16;

	while (off < m->n) {
		uint32_t len;

		memcpy(&len, m->b + off + 4, 4);
		refused(m, off, "END");
		if (len)
			refused(m, off + 8 + len - 1,
				(char[5]){m->b[off], m->b[off + 1],
					  m->b[off + 2], m->b[off + 3], 0});
		off += 8 + ((len + 3) & ~3u);
	}
}

static void snapshot_structure_refused(void **state)
{
	struct img *m = malloc(sizeof(*m)), *c = malloc(sizeof(*c));
	uint32_t big = 0x7ffffff0;

	good(m);
	refused_cuts(m);
	refused(m, 0, "header");
	refused(m, 15, "header");
	*c = *m;
	c->b[0] = 'X';
	refused(c, c->n, "header");
	*c = *m;
	c->b[8] = 2; /* version 2 */
	refused(c, c->n, "header");
	*c = *m;
	c->b[10] = 0x01, c->b[11] = 0x02; /* the other byte order */
	refused(c, c->n, "header");
	*c = *m;
	memcpy(c->b + 16 + 4, &big, 4); /* CTXT past the end */
	refused(c, c->n, "CTXT");
	/* Bytes after END. */
	*c = *m;
	section(c, "CTXT", NULL, 0, "x", 1);
	refused(c, c->n, "END ");
	/* A dump recorded twice; a failed dump with replies; a status that
	 * is no errno. */
	header(c, 1);
	dump(c, AF_INET, "abcd", 4, 0);
	dump(c, AF_INET, "abcd", 4, 0);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "DUMP");
	header(c, 1);
	dump(c, AF_INET, "abcd", 4, -ENOENT);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "DUMP");
	header(c, 1);
	dump(c, AF_INET, NULL, 0, 5);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "DUMP");
	/* A /proc file name that leaves the directory. */
	header(c, 1);
	section(c, "PROC", "\x06\x00../raw", 8, "x", 1);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "PROC");
	free(m);
	free(c);
}

/* Every new section cut, and each wrong in each way it can be. */
static void all_netns_structure_refused(void **state)
{
	struct img *m = malloc(sizeof(*m)), *c = malloc(sizeof(*c));

	good_all(m);
	refused_cuts(m);
	/* Out of sequence; a second "own"; shorter than its header. */
	header(c, 1);
	netns(c, 1, 0, 5, -1, NULL);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NETN");
	header(c, 1);
	netns(c, 0, 1, 5, -1, NULL);
	netns(c, 1, 1, 6, -1, NULL);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NETN");
	header(c, 1);
	section(c, "NETN", NULL, 0, "abcd", 4);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NETN");
	/* A field whose length runs past the section; a NUL in one. */
	header(c, 1);
	netns(c, 0, 0, 5, -1, "1=abc\n");
	c->b[c->n - 8 + 2] = 9; /* the field's length: 9, not 3 */
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NETN");
	header(c, 1);
	netns(c, 0, 0, 5, -1, "1=abc\n");
	c->b[c->n - 8 + 5] = 0;
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NETN");
	/* An NDMP of no namespace, of the writer's, before any; an NPRC
	 * likewise; a dump recorded twice in one namespace. */
	header(c, 1);
	ndump(c, 0, AF_INET, NULL, 0);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NDMP");
	header(c, 1);
	netns(c, 0, 1, 5, -1, NULL);
	ndump(c, 0, AF_INET, NULL, 0);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NDMP");
	header(c, 1);
	netns(c, 0, 0, 5, -1, NULL);
	ndump(c, 0, AF_INET, NULL, 0);
	ndump(c, 0, AF_INET, NULL, 0);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NDMP");
	header(c, 1);
	netns(c, 0, 0, 5, -1, NULL);
	section(c, "NPRC", "\x07\0\0\0\0\0\0\0\x03\0raw", 13, "x", 1);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NPRC");
	header(c, 1);
	netns(c, 0, 0, 5, -1, NULL);
	section(c, "NPRC", "\0\0\0\0\0\0\0\0\x03\0../", 13, "x", 1);
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NPRC");
	/* A warning whose error is no errno; one with a NUL in its path. */
	header(c, 1);
	nwarn(c, 5, 0, 0, "/x");
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NWRN");
	header(c, 1);
	nwarn(c, -EPERM, 0, 0, "/x");
	c->b[c->n - 3] = 0; /* "/x": its x */
	section(c, "END ", NULL, 0, NULL, 0);
	refused(c, c->n, "NWRN");
	free(m);
	free(c);
}

/* A reply of another namespace that does not parse: its NDMP named. */
static int replay_each(const struct sock_origin *o, void *userdata)
{
	struct seen_socks seen;

	snapshot_rewind(userdata);
	return replay_tcp(userdata, &seen, QUERY_FAMILY_ALL);
}

static int no_warning(const struct sock_warning *w, void *userdata)
{
	return 0;
}

static void all_netns_bad_reply_named(void **state)
{
	struct img *m = malloc(sizeof(*m));
	struct snapshot_error e;
	struct snapshot *s;
	size_t off = 16, ndmp = 0;
	uint32_t three = 3;

	good_all(m);
	/* The second NDMP: tcp6's of ns1. */
	for (int seen = 0; off < m->n && !ndmp;) {
		uint32_t len;

		memcpy(&len, m->b + off + 4, 4);
		if (!memcmp(m->b + off, "NDMP", 4) && seen++)
			ndmp = off;
		off += 8 + ((len + 3) & ~3u);
	}
	assert_true(ndmp > 0);
	/* The first reply's length: after the section header, the
	 * namespace index and the dump's own header. */
	memcpy(m->b + ndmp + 8 + 8 + 16, &three, 4);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(snapshot_netns_walk(s, replay_each, no_warning, s),
			 -EBADMSG);
	assert_int_equal(snapshot_last_dump(s, &e), 0);
	assert_string_equal(e.section, "NDMP");
	assert_int_equal(e.offset, ndmp);
	snapshot_free(s);
	free(m);
}

static void snapshot_bad_reply_named(void **state)
{
	struct img *m = malloc(sizeof(*m));
	struct snapshot_error e;
	struct snapshot *s;
	struct seen_socks seen;
	uint32_t three = 3;

	good(m);
	/* The first reply of the tcp4 DUMP: header 16, CTXT 8 + 28,
	 * DUMP 8 + 16. */
	memcpy(m->b + 16 + 36 + 24, &three, 4);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(replay_tcp(s, &seen, QUERY_FAMILY_ALL), -EBADMSG);
	assert_int_equal(snapshot_last_dump(s, &e), 0);
	assert_string_equal(e.section, "DUMP");
	assert_int_equal(e.offset, 16 + 36);
	snapshot_free(s);
	free(m);
}

/* ss -D's file: tcp4's dump then tcp6's, no header. */
static void ss_file_both_ways(void **state)
{
	struct img *m = malloc(sizeof(*m));
	size_t n4, n6;
	char *d4 = fixture("tcp4-dump.bin", &n4);
	char *d6 = fixture("tcp6-dump.bin", &n6);
	struct snapshot_error e;
	struct snapshot *s;
	struct seen_socks seen;

	m->n = 0;
	put(m, d4, n4);
	put(m, d6, n6);
	/* --from: both dumps. */
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(replay_tcp(s, &seen, QUERY_FAMILY_ALL), 0);
	assert_int_equal(seen.v4, 3);
	assert_int_equal(seen.v6, 2);
	snapshot_free(s);
	/* TCPDIAG_FILE: to the first NLMSG_DONE, whichever family asks;
	 * what follows it is never read (ss does not). */
	m->b[m->n++] = 0xff;
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_TCPDIAG, &s,
					   &e),
			 0);
	assert_int_equal(replay_tcp(s, &seen, QUERY_FAMILY_INET6), 0);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.v4, 3);
	snapshot_free(s);
	/* Cut inside a message, or before any NLMSG_DONE: refused. */
	assert_int_equal(snapshot_open_buf(m->b, n4 - 1, SNAPSHOT_TCPDIAG, &s,
					   &e),
			 -EBADMSG);
	assert_int_equal(snapshot_open_buf(m->b, n4 + 20, SNAPSHOT_FROM, &s,
					   &e),
			 -EBADMSG);
	assert_string_equal(e.section, "TCP");
	free(d4);
	free(d6);
	free(m);
}

static void owners_bytes(void **state)
{
	/* 2 processes, 3 descriptors: inode 7 held by both, inode 9 by
	 * the second; the first's name unknown. */
	unsigned char b[128], *p = b;
	uint32_t v[] = {2, 3, 7, 0, 4, 7, 1, 5, 9, 1, 6, 100};
	struct owners *m;
	const struct owners_entry *e;
	const char *comm;
	size_t n, len;

	memcpy(p, v, sizeof(v));
	p += sizeof(v);
	*p++ = 0;
	*p++ = 0;
	memcpy(p, &(uint32_t){200}, 4);
	p += 4;
	*p++ = 1;
	*p++ = 3;
	memcpy(p, "a\nb", 3);
	p += 3;
	assert_int_equal(owners_load(b, (size_t)(p - b), &m), 0);
	e = owners_lookup(m, 7, &n);
	assert_int_equal(n, 2);
	assert_int_equal(e[0].pid, 100);
	assert_int_equal(e[0].fd, 4);
	assert_null(owners_comm(m, &e[0], &len));
	comm = owners_comm(m, &e[1], &len);
	assert_int_equal(len, 3);
	assert_memory_equal(comm, "a\nb", 3);
	e = owners_lookup(m, 9, &n);
	assert_int_equal(n, 1);
	assert_int_equal(e[0].pid, 200);
	owners_free(m);
	/* Cut, a byte over, a process out of range, inode 0. */
	assert_int_equal(owners_load(b, (size_t)(p - b) - 1, &m), -EBADMSG);
	assert_int_equal(owners_load(b, (size_t)(p - b) + 1, &m), -EBADMSG);
	b[3 * 4] = 5; /* the first descriptor's process */
	assert_int_equal(owners_load(b, (size_t)(p - b), &m), -EBADMSG);
	b[3 * 4] = 0;
	memset(b + 8, 0, 4);
	assert_int_equal(owners_load(b, (size_t)(p - b), &m), -EBADMSG);
	/* Counts the bytes cannot hold. */
	memcpy(b, &(uint32_t){0xffffffff}, 4);
	assert_int_equal(owners_load(b, (size_t)(p - b), &m), -EBADMSG);
}

/* One names entry: key, length, name. */
static void entry(struct img *m, uint64_t key, const char *name, size_t len)
{
	uint16_t l = (uint16_t)len;

	put(m, &key, 8);
	put(m, &l, 2);
	put(m, name, len);
}

/* A file of names sections around the body @body of @tag (whose
 * payload starts with the 8-byte namespace @netns). */
static void names_file(struct img *c, const char *tag, uint64_t netns,
		       const struct img *body)
{
	struct img *p = malloc(sizeof(*p));

	p->n = 0;
	put(p, &netns, 8);
	put(p, body->b, body->n);
	header(c, 1);
	section(c, tag, NULL, 0, p->b, p->n);
	section(c, "END ", NULL, 0, NULL, 0);
	free(p);
}

/* A file whose @tag section holds the one entry (@key, @name) must be
 * refused, naming @tag. */
static void one_refused(struct img *m, struct img *b, const char *tag,
			uint64_t netns, uint64_t key, const char *name,
			size_t len)
{
	b->n = 0;
	entry(b, key, name, len);
	names_file(m, tag, netns, b);
	refused(m, m->n, tag);
}

/* The recorded lookups: read back sorted by key, by kind and
 * namespace; every entry the lookup could not have answered, and every
 * length that leaves its section, refused naming the section. */
static void names_sections(void **state)
{
	struct img *m = malloc(sizeof(*m)), *b = malloc(sizeof(*b));
	const struct snapshot_name *v;
	struct snapshot_error e;
	struct snapshot *s;
	uint16_t lo, hi, range[2] = {32768, 60999};
	const char *text;
	size_t n;
	uint64_t ns = 4026531840u, zero = 0;

	b->n = 0;
	entry(b, 7, "eth0", 4);
	entry(b, 1, "lo", 2);
	m->n = 0;
	header(m, 1);
	{
		struct img *p = malloc(sizeof(*p));

		p->n = 0;
		put(p, &ns, 8);
		put(p, b->b, b->n);
		section(m, "IFNM", NULL, 0, p->b, p->n);
		p->n = 0;
		put(p, &zero, 8);
		entry(p, 4242, "/system.slice/x.service", 23);
		section(m, "CGRP", NULL, 0, p->b, p->n);
		section(m, "SERV", range, 4, "ssh 22/tcp\n", 11);
		free(p);
	}
	section(m, "END ", NULL, 0, NULL, 0);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_IFNAME, 0, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].key, 1);
	assert_memory_equal(v[0].text, "lo", 2);
	assert_int_equal(v[1].key, 7);
	assert_int_equal(v[1].len, 4);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_IFNAME, ns, &v, &n), 0);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_IFNAME, ns + 1, &v,
					&n),
			 -ENOENT);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_CGROUP, 0, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].key, 4242);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_COMM, 0, &v, &n),
			 -ENOENT);
	assert_int_equal(snapshot_services(s, &lo, &hi, &text, &n), 0);
	assert_int_equal(lo, 32768);
	assert_int_equal(hi, 60999);
	assert_int_equal(n, 11);
	assert_memory_equal(text, "ssh 22/tcp\n", 11);
	snapshot_free(s);

	/* Refused: a name past the section's end, an entry cut short, a
	 * key 0, a NUL in a name, a name longer than an interface's, an
	 * empty name, a key twice, a pid past INT32_MAX, a namespace for
	 * cgroups, a section twice, a SERV shorter than its range and one
	 * whose range ends before it starts. */
	b->n = 0;
	entry(b, 1, "lo", 2);
	b->b[8] = 200;
	names_file(m, "IFNM", ns, b);
	refused(m, m->n, "IFNM");
	b->n = 0;
	entry(b, 1, "lo", 2);
	b->n -= 5;
	names_file(m, "IFNM", ns, b);
	refused(m, m->n, "IFNM");
	one_refused(m, b, "IFNM", ns, 0, "lo", 2);
	one_refused(m, b, "UNIT", 0, 3, "l\0o", 3);
	one_refused(m, b, "IFNM", ns, 3, "0123456789abcdef", 16);
	one_refused(m, b, "PROT", 0, 3, "", 0);
	one_refused(m, b, "COMM", 0, 1ull << 31, "init", 4);
	one_refused(m, b, "CGRP", ns, 5, "/", 1);
	b->n = 0;
	entry(b, 6, "tcp", 3);
	entry(b, 6, "TCP", 3);
	names_file(m, "PROT", 0, b);
	refused(m, m->n, "PROT");
	header(m, 1);
	section(m, "COMM", NULL, 0, &zero, 8);
	section(m, "COMM", NULL, 0, &zero, 8);
	section(m, "END ", NULL, 0, NULL, 0);
	refused(m, m->n, "COMM");
	header(m, 1);
	section(m, "SERV", range, 3, NULL, 0);
	section(m, "END ", NULL, 0, NULL, 0);
	refused(m, m->n, "SERV");
	header(m, 1);
	range[0] = 61000;
	section(m, "SERV", range, 4, NULL, 0);
	section(m, "END ", NULL, 0, NULL, 0);
	refused(m, m->n, "SERV");
	free(m);
	free(b);
}

/* @m's first @len bytes refused, naming @section at byte @at. */
static void refused_at(const struct img *m, size_t len, const char *section,
		       size_t at)
{
	struct snapshot_error e = {0};
	struct snapshot *s = NULL;

	assert_int_equal(snapshot_open_buf(m->b, len, SNAPSHOT_FROM, &s, &e),
			 -EBADMSG);
	assert_null(s);
	assert_string_equal(e.section, section);
	assert_int_equal(e.offset, at);
}

/* --all-netns: an IFNM for each namespace, keyed by its inode, read
 * back in file order (the writer's first) and by namespace; a
 * namespace's IFNM twice, or one whose lengths leave it, refused naming
 * IFNM and the byte where it goes wrong. */
static void names_per_netns(void **state)
{
	struct img *m = malloc(sizeof(*m)), *p = malloc(sizeof(*p));
	const struct snapshot_name *v;
	struct snapshot_error e = {0};
	struct snapshot *s;
	uint64_t own = 4026531840u, other = 4026532304u, got;
	size_t n, second, cut;

	header(m, 1);
	p->n = 0;
	put(p, &own, 8);
	entry(p, 1, "lo", 2);
	entry(p, 2, "eth0", 4);
	section(m, "IFNM", NULL, 0, p->b, p->n);
	second = m->n;
	p->n = 0;
	put(p, &other, 8);
	entry(p, 3, "veth-a", 6);
	entry(p, 2, "sk-ifnm0", 8);
	section(m, "IFNM", NULL, 0, p->b, p->n);
	section(m, "END ", NULL, 0, NULL, 0);
	assert_int_equal(snapshot_open_buf(m->b, m->n, SNAPSHOT_FROM, &s, &e),
			 0);
	assert_int_equal(snapshot_names_at(s, SNAPSHOT_NAMES_IFNAME, 0, &got,
					   &v, &n),
			 0);
	assert_int_equal(got, own);
	assert_int_equal(n, 2);
	assert_memory_equal(v[1].text, "eth0", 4);
	assert_int_equal(snapshot_names_at(s, SNAPSHOT_NAMES_IFNAME, 1, &got,
					   &v, &n),
			 0);
	assert_int_equal(got, other);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].key, 2);
	assert_memory_equal(v[0].text, "sk-ifnm0", 8);
	assert_int_equal(snapshot_names_at(s, SNAPSHOT_NAMES_IFNAME, 2, &got,
					   &v, &n),
			 -ENOENT);
	assert_int_equal(snapshot_names_at(s, SNAPSHOT_NAMES_CGROUP, 0, &got,
					   &v, &n),
			 -ENOENT);
	/* snapshot_names(): 0 is the first (the writer's); an inode its
	 * own. */
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_IFNAME, 0, &v, &n), 0);
	assert_memory_equal(v[1].text, "eth0", 4);
	assert_int_equal(snapshot_names(s, SNAPSHOT_NAMES_IFNAME, other, &v,
					&n),
			 0);
	assert_memory_equal(v[1].text, "veth-a", 6);
	snapshot_free(s);

	/* Every cut, in either IFNM, names the section it falls in. */
	refused_cuts(m);

	/* The second one's length past the end of the file. */
	cut = m->n;
	memcpy(m->b + second + 4, &(uint32_t){0x7ffffff0}, 4);
	refused_at(m, cut, "IFNM", second);
	memcpy(m->b + second + 4, &(uint32_t){(uint32_t)p->n}, 4);

	/* Its first name's length past the section's end: the entry's
	 * byte. */
	memcpy(m->b + second + 8 + 8 + 8, &(uint16_t){200}, 2);
	refused_at(m, m->n, "IFNM", second + 8 + 8);
	memcpy(m->b + second + 8 + 8 + 8, &(uint16_t){6}, 2);

	/* Shorter than its namespace. */
	header(m, 1);
	section(m, "IFNM", NULL, 0, &own, 8);
	second = m->n;
	section(m, "IFNM", NULL, 0, &other, 7);
	section(m, "END ", NULL, 0, NULL, 0);
	refused_at(m, m->n, "IFNM", second);

	/* The same namespace twice. */
	header(m, 1);
	section(m, "IFNM", NULL, 0, &own, 8);
	section(m, "IFNM", NULL, 0, &other, 8);
	second = m->n;
	section(m, "IFNM", NULL, 0, &other, 8);
	section(m, "END ", NULL, 0, NULL, 0);
	refused_at(m, m->n, "IFNM", second);
	free(m);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_replays),
		cmocka_unit_test(snapshot_structure_refused),
		cmocka_unit_test(snapshot_bad_reply_named),
		cmocka_unit_test(ss_file_both_ways),
		cmocka_unit_test(all_netns_replays),
		cmocka_unit_test(all_netns_structure_refused),
		cmocka_unit_test(all_netns_bad_reply_named),
		cmocka_unit_test(owners_bytes),
		cmocka_unit_test(names_sections),
		cmocka_unit_test(names_per_netns),
	};

	return harness_run_group(tests, NULL, NULL);
}
