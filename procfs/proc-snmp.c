// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /proc/net/snmp, netstat, snmp6, sockstat and sockstat6. What the kernel
 * writes (net/ipv4/proc.c, net/ipv6/proc.c):
 *
 *   snmp, netstat:  "Tcp: RtoAlgorithm RtoMin ...\nTcp: 1 200 ...\n"
 *   snmp6:          "%-32s\t%lu\n" name, value
 *   sockstat:       "TCP: inuse %d orphan %d tw %d alloc %d mem %ld\n"
 *
 * Values are "%lu" or "%llu" but for a few "%ld" (Tcp MaxConn is -1), so
 * a value is a sign and a magnitude. No value ever has a leading zero.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc-lex.h"
#include "proc-snmp.h"
#include "procfs.h"

/* Cuts the next line (without its '\n') off [*p, end). Returns 1 with a
 * line, 0 at the end, -EBADMSG for a last line without '\n': the kernel
 * ends every line, so a file without one was cut short. */
static int next_line(const char **p, const char *end, const char **ret_line,
		     size_t *ret_len)
{
	const char *nl;

	if (*p == end)
		return 0;
	nl = memchr(*p, '\n', (size_t)(end - *p));
	if (!nl)
		return -EBADMSG;
	*ret_line = *p;
	*ret_len = (size_t)(nl - *p);
	*p = nl + 1;
	return 1;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A counter or protocol name: a letter, then letters, digits or '_'. */
static bool name_valid(const char *s, size_t n)
{
	if (n == 0 || !is_alpha(s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_alpha(s[i]) && !is_digit(s[i]) && s[i] != '_')
			return false;
	return true;
}

/* "Proto:" as the first token of a line; sets the name without ':'. */
static bool proto_token(const char *s, size_t n, const char **ret,
			size_t *ret_len)
{
	if (n < 2 || s[n - 1] != ':' || !name_valid(s, n - 1))
		return false;
	*ret = s;
	*ret_len = n - 1;
	return true;
}

/* A value as "%lu" or "%ld" prints it: no '+', no leading zero, no "-0". */
static bool value_token(const char *s, size_t n, struct procfs_counter *c)
{
	bool neg = n > 0 && s[0] == '-';
	uint64_t v;

	if (neg) {
		s++;
		n--;
	}
	if (n > 1 && s[0] == '0')
		return false;
	if (!lex_dec(s, n, neg ? (uint64_t)INT64_MAX + 1 : UINT64_MAX, &v) ||
	    (neg && v == 0))
		return false;
	c->value = v;
	c->negative = neg;
	return true;
}

int procfs_snmp_parse(const char *buf, size_t len, procfs_counter_fn cb,
		      void *userdata)
{
	const char *p = buf, *end = buf + len;
	const char *head, *vals;
	size_t head_len, vals_len;
	int r;

	if (len == 0)
		return -EBADMSG;
	while ((r = next_line(&p, end, &head, &head_len)) > 0) {
		struct lex lh = {head, head + head_len}, lv;
		struct procfs_counter c;
		const char *proto, *vproto, *t;
		size_t proto_len, vproto_len, n;

		r = next_line(&p, end, &vals, &vals_len);
		if (r <= 0)
			return -EBADMSG; /* a header without its values */
		lv = (struct lex){vals, vals + vals_len};
		if (!lex_next(&lh, &t, &n) ||
		    !proto_token(t, n, &proto, &proto_len) ||
		    !lex_next(&lv, &t, &n) ||
		    !proto_token(t, n, &vproto, &vproto_len) ||
		    vproto_len != proto_len ||
		    memcmp(proto, vproto, proto_len) != 0)
			return -EBADMSG;
		/* Names and values are checked before any is handed on, so a
		 * pair is delivered whole or not at all. */
		for (struct lex h = lh, v = lv;;) {
			bool more_h = lex_next(&h, &c.name, &c.name_len);
			bool more_v = lex_next(&v, &t, &n);

			if (more_h != more_v)
				return -EBADMSG;
			if (!more_h)
				break;
			if (!name_valid(c.name, c.name_len) ||
			    !value_token(t, n, &c))
				return -EBADMSG;
		}
		if (lex_done(&lh))
			return -EBADMSG; /* "Proto:" and no counter */
		c.proto = proto;
		c.proto_len = proto_len;
		while (lex_next(&lh, &c.name, &c.name_len)) {
			lex_next(&lv, &t, &n);
			value_token(t, n, &c);
			r = cb(&c, userdata);
			if (r < 0)
				return r;
		}
	}
	return r;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int procfs_snmp6_parse(const char *buf, size_t len, procfs_counter_fn cb,
		       void *userdata)
{
	const char *p = buf, *end = buf + len, *line;
	size_t line_len;
	int r;

	if (len == 0)
		return -EBADMSG;
	while ((r = next_line(&p, end, &line, &line_len)) > 0) {
		const char *q = line, *lend = line + line_len, *six;
		struct procfs_counter c = {.proto = line};

		while (q < lend && !is_blank(*q))
			q++;
		if (!name_valid(line, (size_t)(q - line)))
			return -EBADMSG;
		/* "Ip6InReceives": the protocol is "Ip6", letters then the
		 * first '6'; a name with nothing after it is no counter. */
		six = memchr(line, '6', (size_t)(q - line));
		if (!six || six == line || six + 1 == q)
			return -EBADMSG;
		for (const char *s = line; s < six; s++)
			if (!is_alpha(*s))
				return -EBADMSG;
		c.proto_len = (size_t)(six + 1 - line);
		c.name = six + 1;
		c.name_len = (size_t)(q - c.name);
		if (q == lend || !is_blank(*q))
			return -EBADMSG;
		while (q < lend && is_blank(*q))
			q++;
		if (!value_token(q, (size_t)(lend - q), &c))
			return -EBADMSG;
		r = cb(&c, userdata);
		if (r < 0)
			return r;
	}
	return r;
}

int procfs_sockstat_parse(const char *buf, size_t len, procfs_counter_fn cb,
			  void *userdata)
{
	const char *p = buf, *end = buf + len, *line;
	size_t line_len;
	int r;

	if (len == 0)
		return -EBADMSG;
	while ((r = next_line(&p, end, &line, &line_len)) > 0) {
		struct lex l = {line, line + line_len}, check;
		struct procfs_counter c;
		const char *t;
		size_t n;

		if (!lex_next(&l, &t, &n) ||
		    !proto_token(t, n, &c.proto, &c.proto_len) || lex_done(&l))
			return -EBADMSG;
		check = l;
		while (lex_next(&check, &c.name, &c.name_len))
			if (!name_valid(c.name, c.name_len) ||
			    !lex_next(&check, &t, &n) || !value_token(t, n, &c))
				return -EBADMSG;
		while (lex_next(&l, &c.name, &c.name_len)) {
			lex_next(&l, &t, &n);
			value_token(t, n, &c);
			r = cb(&c, userdata);
			if (r < 0)
				return r;
		}
	}
	return r;
}

int procfs_stats_read(const char *proc_root, const char *name, char **ret_buf,
		      size_t *ret_len)
{
	size_t len = 0, cap = 16384;
	char *buf;
	int fd, k;

	fd = procfs_open(proc_root, name);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096 + 1) {
			char *b;

			if (cap > PROCFS_STATS_FILE_MAX) {
				k = -EFBIG;
				goto fail;
			}
			b = realloc(buf, cap * 2);
			if (!b) {
				k = -ENOMEM;
				goto fail;
			}
			buf = b;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			k = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > PROCFS_STATS_FILE_MAX) {
		free(buf);
		return -EFBIG;
	}
	buf[len] = '\0';
	*ret_buf = buf;
	*ret_len = len;
	return 0;
fail:
	free(buf);
	close(fd);
	return k;
}
