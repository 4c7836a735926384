// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "collector.h"
#include "proc-dedup.h"
#include "proc-lex.h"
#include "procfs.h"

/*
 * One buffer per file read, never per line. seq_file hands out about a
 * page per read() whatever we ask, so the size only bounds how often a
 * partial line is moved to the front; it must stay well above
 * PROCFS_LINE_MAX so a carried line always leaves room to read into.
 */
#define READ_SIZE (256 * 1024)

struct reader {
	procfs_header_fn header_ok;
	procfs_line_fn line_cb;
	void *userdata;
	size_t *skipped;
	bool header_done;
};

/* Hands one line (NULL: undeliverable) on. Returns -EBADMSG only for a
 * bad header; a line the callback refuses is counted, not an error. */
static int deliver(struct reader *r, const char *line, size_t len)
{
	int k;

	if (!r->header_done) {
		r->header_done = true;
		return line && r->header_ok(line, len) ? 0 : -EBADMSG;
	}
	k = r->line_cb(line, len, r->userdata);
	if (k == -EBADMSG) {
		(*r->skipped)++;
		k = 0;
	}
	return k;
}

/* Splits @buf[0..@end) into lines; the unfinished tail is left for the
 * caller. Returns the offset of that tail, or a negative errno. */
static ssize_t split(struct reader *r, const char *buf, size_t fill,
		     size_t end, bool *discarding)
{
	const char *line = buf, *scan = buf + fill, *stop = buf + end;
	const char *nl;

	while ((nl = memchr(scan, '\n', (size_t)(stop - scan)))) {
		size_t len = (size_t)(nl - line);
		int k;

		if (*discarding || len > PROCFS_LINE_MAX)
			k = deliver(r, NULL, 0);
		else
			k = deliver(r, line, len);
		if (k < 0)
			return k;
		*discarding = false;
		line = scan = nl + 1;
	}
	return line - buf;
}

int procfs_open(const char *proc_root, const char *name)
{
	char path[PATH_MAX];
	int k = snprintf(path, sizeof(path), "%s/net/%s", proc_root, name);
	int fd;

	if (k < 0 || (size_t)k >= sizeof(path))
		return -ENAMETOOLONG;
	/* Never blocks: a FIFO opens at once (and is refused below), a
	 * terminal does not become ours. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -errno;
	k = procfs_fd_check(fd);
	if (k < 0) {
		close(fd);
		return k;
	}
	return fd;
}

int procfs_fd_check(int fd)
{
	struct statfs sfs;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISREG(st.st_mode))
		return 0;
	/* Not a plain file (a device such as /dev/zero would never end, a
	 * FIFO may never speak): only /proc's own files are let through. */
	if (fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC)
		return 0;
	return -PROCFS_ENOTFILE;
}

int procfs_file_read(const char *proc_root, const char *name,
		     procfs_header_fn header_ok, procfs_line_fn line_cb,
		     void *userdata, size_t *skipped)
{
	struct reader r = {
		.header_ok = header_ok,
		.line_cb = line_cb,
		.userdata = userdata,
		.skipped = skipped,
	};
	bool discarding = false; /* inside a line longer than the bound */
	size_t discarded = 0;    /* bytes of that line thrown away so far */
	size_t fill = 0;         /* bytes of an unfinished line at buf[0] */
	char *buf;
	int fd, k;

	fd = procfs_open(proc_root, name);
	if (fd < 0)
		return fd;
	buf = malloc(READ_SIZE);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}

	for (;;) {
		ssize_t n = read(fd, buf + fill, READ_SIZE - fill), tail;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			k = -errno;
			break;
		}
		if (n == 0) {
			/* The kernel ends every line with '\n': a tail
			 * without one was cut and cannot be trusted. */
			k = fill > 0 || discarding ? deliver(&r, NULL, 0) : 0;
			if (k >= 0 && !r.header_done)
				k = -EBADMSG; /* empty: no header at all */
			break;
		}
		tail = split(&r, buf, fill, fill + (size_t)n, &discarding);
		if (tail < 0) {
			k = (int)tail;
			break;
		}
		if (tail > 0 || !discarding)
			discarded = 0; /* a line ended: a new one began */
		fill = fill + (size_t)n - (size_t)tail;
		if (discarding || fill > PROCFS_LINE_MAX) {
			/* No header is that long: refuse at once rather
			 * than read on to a '\n' that may never come. */
			if (!r.header_done) {
				k = -EBADMSG;
				break;
			}
			/* Over-long: drop what we have, skip to its '\n',
			 * but not forever. */
			discarded += fill;
			if (discarded > PROCFS_LINE_HARD_MAX) {
				k = -EBADMSG;
				break;
			}
			discarding = true;
			fill = 0;
		} else {
			memmove(buf, buf + tail, fill);
		}
	}
	free(buf);
	close(fd);
	return k;
}

bool procfs_header_match(const char *line, size_t len,
			 const char *const *words)
{
	struct lex l = {line, line + len};
	const char *tok;
	size_t n;

	for (; *words; words++)
		if (!lex_next(&l, &tok, &n) || n != strlen(*words) ||
		    memcmp(tok, *words, n) != 0)
			return false;
	return lex_done(&l);
}

struct simple {
	struct collect_req *req;
	procfs_parse_fn parse;
	struct procfs_dedup seen; /* the sockets listed so far */
};

static int simple_line(const char *line, size_t len, void *userdata)
{
	struct simple *s = userdata;
	struct sock_rec rec;
	int r;

	if (!line || s->parse(line, len, &rec) < 0)
		return -EBADMSG;
	/* A line given twice (churn between reads) is dropped and counted;
	 * the socket is its "%pK" pointer and its table, not its protocol
	 * (a packet socket may bind to another). */
	r = procfs_dedup_line(&s->seen, line, len, &rec, &s->req->repeated);
	if (r <= 0)
		return r;
	return s->req->emit(&rec, s->req->userdata);
}

int procfs_file_emit(struct collect_req *req, const char *name,
		     procfs_header_fn header_ok, procfs_parse_fn parse)
{
	struct simple s = {.req = req, .parse = parse};
	int r;

	r = procfs_file_read(req->proc_root, name, header_ok, simple_line, &s,
			     &req->skipped);
	procfs_dedup_done(&s.seen);
	return r;
}
