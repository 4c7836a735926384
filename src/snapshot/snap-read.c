// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "owners/owners.h"
#include "snap-internal.h"
#include "snapshot.h"

struct dump {
	struct collect_tape_key key;
	int status;
	const uint8_t *data;
	size_t len;
	size_t offset; /* of the section, in the file */
};

struct snapshot {
	uint8_t *buf; /* the whole file */
	size_t len;
	struct dump *dumps;
	size_t ndumps;
	const uint8_t *ctx, *owners;
	size_t ctx_len, owners_len, owners_offset;
	const struct dump *last; /* the dump replayed last */
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
	size_t cap = 1 << 20, len = 0;
	uint8_t *buf = NULL;
	struct stat st;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		cap = (size_t)st.st_size + 1;
	for (;;) {
		ssize_t n;

		if (!buf || len == cap) {
			uint8_t *b;

			cap = buf ? cap * 2 : cap;
			b = realloc(buf, cap);
			if (!b) {
				free(buf);
				return -ENOMEM;
			}
			buf = b;
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

static int add_dump(struct snapshot *s, const uint8_t *p, size_t len,
		    size_t offset, struct snapshot_error *err)
{
	struct dump d = {.offset = offset};
	int32_t status;
	struct dump *v;

	if (len < SNAP_DUMP_HDR)
		return fail(err, "DUMP", offset, "shorter than its header");
	memcpy(&d.key, p, sizeof(d.key));
	memcpy(&status, p + 8, sizeof(status));
	if (status > 0 || status <= -4096)
		return fail(err, "DUMP", offset, "status is not an errno");
	d.status = status;
	d.data = p + SNAP_DUMP_HDR;
	d.len = len - SNAP_DUMP_HDR;
	if (d.status && d.len)
		return fail(err, "DUMP", offset, "a failed dump with replies");
	for (size_t i = 0; i < s->ndumps; i++)
		if (!memcmp(&s->dumps[i].key, &d.key, sizeof(d.key)))
			return fail(err, "DUMP", offset, "a dump recorded twice");
	v = realloc(s->dumps, (s->ndumps + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->dumps = v;
	s->dumps[s->ndumps++] = d;
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
		if (!memcmp(tag, "DUMP", 4)) {
			r = add_dump(s, p, len, off, err);
			if (r < 0)
				return r;
		} else if (!memcmp(tag, "CTXT", 4)) {
			s->ctx = p;
			s->ctx_len = len;
		} else if (!memcmp(tag, "OWNR", 4)) {
			s->owners = p;
			s->owners_len = len;
			s->owners_offset = off;
		}
		off += SNAP_SECTION_HDR + SNAP_PAD(len);
		if (off > s->len)
			return fail(err, tag, off - SNAP_PAD(len) + len,
				    "padding past the end of the file");
	}
}

static int tape_replay(void *ctx, const struct collect_tape_key *key,
		       const void **ret_buf, size_t *ret_len, int *ret_status)
{
	struct snapshot *s = ctx;

	for (size_t i = 0; i < s->ndumps; i++) {
		const struct dump *d = &s->dumps[i];

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

int snapshot_open(const char *path, struct snapshot **ret,
		  struct snapshot_error *err)
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
	r = read_all(fd, &s->buf, &s->len);
	close(fd);
	if (r >= 0)
		r = index_file(s, err);
	if (r < 0) {
		snapshot_free(s);
		return r;
	}
	s->tape = (struct collect_tape){.replay = tape_replay, .ctx = s};
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

int snapshot_context(const struct snapshot *s, const char *key,
		     const char **ret, size_t *ret_len)
{
	const char *p = (const char *)s->ctx, *end = p + s->ctx_len;
	size_t klen = strlen(key);

	while (p && p < end) {
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

int snapshot_last_dump(const struct snapshot *s, struct snapshot_error *err)
{
	if (!s->last)
		return -ENOENT;
	fail(err, "DUMP", s->last->offset, "a reply that does not parse");
	return 0;
}

void snapshot_free(struct snapshot *s)
{
	if (!s)
		return;
	free(s->buf);
	free(s->dumps);
	free(s);
}
