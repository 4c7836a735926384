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

/* @m must be refused, naming @section. */
static void refused(const struct img *m, size_t len, const char *section)
{
	struct snapshot_error e = {0};
	struct snapshot *s = NULL;

	assert_int_equal(snapshot_open_buf(m->b, len, SNAPSHOT_FROM, &s, &e),
			 -EBADMSG);
	assert_null(s);
	assert_string_equal(e.section, section);
	assert_true(e.offset <= len);
	assert_non_null(e.what);
}

static void snapshot_structure_refused(void **state)
{
	struct img *m = malloc(sizeof(*m)), *c = malloc(sizeof(*c));
	size_t off = 16;
	uint32_t big = 0x7ffffff0;

	good(m);
	/* Cut at every section boundary and inside every section. */
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_replays),
		cmocka_unit_test(snapshot_structure_refused),
		cmocka_unit_test(snapshot_bad_reply_named),
		cmocka_unit_test(ss_file_both_ways),
		cmocka_unit_test(owners_bytes),
		cmocka_unit_test(names_sections),
	};

	return harness_run_group(tests, NULL, NULL);
}
