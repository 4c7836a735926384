// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "owners/owners.h"
#include "snap-internal.h"
#include "snapshot.h"
#include "util/grow.h"

/* Datagrams are gathered to this size before a write: a 32 KiB write
 * per datagram is some 2,000 system calls for 120,000 sockets. */
#define WRITE_BATCH (1 << 20)

struct snapshot_writer {
	int fd;
	uint8_t *batch;  /* WRITE_BATCH bytes not written yet */
	size_t batched;
	off_t dump_at;   /* where the DUMP being written starts, or -1 */
	size_t dump_len; /* its payload so far */
	/* --all-netns: NETN sections written so far, and whether the
	 * namespace being recorded is another than the writer's own (its
	 * dumps and files then go in NDMP and NPRC sections). */
	uint32_t nnetns;
	bool foreign;
	char *path, *tmp;
	bool committed;
	struct collect_tape tape;
};

static int write_all(int fd, const struct iovec *iov, int n)
{
	struct iovec v[4];

	memcpy(v, iov, (size_t)n * sizeof(*v));
	while (n > 0) {
		ssize_t k = writev(fd, v, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		while (n > 0 && (size_t)k >= v[0].iov_len) {
			k -= (ssize_t)v[0].iov_len;
			memmove(v, v + 1, (size_t)--n * sizeof(*v));
		}
		if (n > 0) {
			v[0].iov_base = (char *)v[0].iov_base + k;
			v[0].iov_len -= (size_t)k;
		}
	}
	return 0;
}

/* One section: its header, @pre (a fixed part) and @data, padded. */
static int put_section(struct snapshot_writer *w, const char *tag,
		       const void *pre, size_t pre_len, const void *data,
		       size_t len)
{
	static const uint8_t zero[4];
	uint8_t hdr[SNAP_SECTION_HDR];
	uint32_t total;
	struct iovec iov[4];

	if (pre_len + len > UINT32_MAX - 3)
		return -E2BIG;
	total = (uint32_t)(pre_len + len);
	memcpy(hdr, tag, 4);
	memcpy(hdr + 4, &total, 4);
	iov[0] = (struct iovec){hdr, sizeof(hdr)};
	iov[1] = (struct iovec){(void *)pre, pre_len};
	iov[2] = (struct iovec){(void *)data, len};
	iov[3] = (struct iovec){(void *)zero, SNAP_PAD(total) - total};
	return write_all(w->fd, iov, 4);
}

/* A DUMP section is written as its datagrams arrive: its header with the
 * length and status left at 0, the datagrams, then the length and status
 * written in place. A dump started over is cut back to its header. */
static int batch_flush(struct snapshot_writer *w)
{
	int r = write_all(w->fd, &(struct iovec){w->batch, w->batched}, 1);

	w->batched = 0;
	return r;
}

static int tape_begin(void *ctx, const struct collect_tape_key *key)
{
	struct snapshot_writer *w = ctx;
	uint8_t hdr[SNAP_SECTION_HDR + SNAP_NS_HDR + SNAP_DUMP_HDR] = "DUMP";
	size_t pre = w->foreign ? SNAP_NS_HDR : 0;
	off_t at = lseek(w->fd, 0, SEEK_CUR);

	if (at < 0)
		return -errno;
	if (w->dump_at >= 0) {
		/* Started over: drop what the last try wrote. */
		w->batched = 0;
		if (ftruncate(w->fd, w->dump_at) < 0 ||
		    lseek(w->fd, w->dump_at, SEEK_SET) < 0)
			return -errno;
		at = w->dump_at;
	}
	if (w->foreign) {
		uint32_t index = w->nnetns - 1;

		memcpy(hdr, "NDMP", 4);
		memcpy(hdr + SNAP_SECTION_HDR, &index, 4);
	}
	memcpy(hdr + SNAP_SECTION_HDR + pre, key, sizeof(*key));
	w->dump_at = at;
	w->dump_len = pre + SNAP_DUMP_HDR;
	return write_all(w->fd,
			 &(struct iovec){hdr, SNAP_SECTION_HDR + pre +
						      SNAP_DUMP_HDR},
			 1);
}

static int tape_data(void *ctx, const void *buf, size_t len)
{
	struct snapshot_writer *w = ctx;

	if (len > UINT32_MAX - 3 - w->dump_len)
		return -E2BIG;
	w->dump_len += len;
	if (!w->batch || len > WRITE_BATCH)
		return write_all(w->fd, &(struct iovec){(void *)buf, len}, 1);
	if (WRITE_BATCH - w->batched < len) {
		int r = batch_flush(w);

		if (r < 0)
			return r;
	}
	memcpy(w->batch + w->batched, buf, len);
	w->batched += len;
	return 0;
}

static int tape_end(void *ctx, int status)
{
	static const uint8_t zero[4];
	struct snapshot_writer *w = ctx;
	uint32_t len = (uint32_t)w->dump_len;
	uint32_t pre = w->foreign ? SNAP_NS_HDR : 0;
	int32_t st = status;
	int r = batch_flush(w);

	if (r < 0)
		return r;
	/* A failed dump keeps no replies (the reader refuses both). */
	if (status < 0 && len > pre + SNAP_DUMP_HDR) {
		len = pre + SNAP_DUMP_HDR;
		if (ftruncate(w->fd, w->dump_at + SNAP_SECTION_HDR + len) < 0 ||
		    lseek(w->fd, 0, SEEK_END) < 0)
			return -errno;
	}
	if (pwrite(w->fd, &len, 4, w->dump_at + 4) != 4 ||
	    pwrite(w->fd, &st, 4, w->dump_at + SNAP_SECTION_HDR + pre + 8) !=
		    4)
		return -EIO;
	w->dump_at = -1;
	return write_all(w->fd,
			 &(struct iovec){(void *)zero, SNAP_PAD(len) - len}, 1);
}

static int put_context(struct snapshot_writer *w)
{
	struct utsname u;
	struct stat st = {0};
	char text[1024];
	int n;

	if (uname(&u) < 0)
		return -errno;
	stat("/proc/self/ns/net", &st);
	n = snprintf(text, sizeof(text),
		     "version=%s\nhost=%s\nkernel=%s\ntime=%lld\nnetns=%llu\n"
		     "pid=%ld\n",
		     SOCKSCOPE_VERSION, u.nodename, u.release,
		     (long long)time(NULL), (unsigned long long)st.st_ino,
		     (long)getpid());
	if (n < 0 || (size_t)n >= sizeof(text))
		return -ENAMETOOLONG;
	return put_section(w, "CTXT", NULL, 0, text, (size_t)n);
}

int snapshot_writer_new(const char *path, struct snapshot_writer **ret)
{
	uint8_t hdr[SNAP_HEADER_SIZE] = {0};
	uint16_t version = SNAPSHOT_VERSION, order = SNAP_ORDER;
	struct snapshot_writer *w = calloc(1, sizeof(*w));
	int r;

	if (!w)
		return -ENOMEM;
	w->fd = -1;
	w->dump_at = -1;
	/* Without it, each datagram is written as it comes. */
	w->batch = malloc(WRITE_BATCH);
	w->path = strdup(path);
	if (!w->path || asprintf(&w->tmp, "%s.XXXXXX", path) < 0) {
		w->tmp = NULL;
		snapshot_writer_free(w);
		return -ENOMEM;
	}
	w->fd = mkostemp(w->tmp, O_CLOEXEC);
	if (w->fd < 0) {
		r = -errno;
		free(w->tmp);
		w->tmp = NULL;
		snapshot_writer_free(w);
		return r;
	}
	memcpy(hdr, SNAP_MAGIC, 8);
	memcpy(hdr + 8, &version, 2);
	memcpy(hdr + 10, &order, 2);
	r = write_all(w->fd, &(struct iovec){hdr, sizeof(hdr)}, 1);
	if (r >= 0)
		r = put_context(w);
	if (r < 0) {
		snapshot_writer_free(w);
		return r;
	}
	w->tape = (struct collect_tape){
		.begin = tape_begin,
		.data = tape_data,
		.end = tape_end,
		.ctx = w,
	};
	*ret = w;
	return 0;
}

const struct collect_tape *snapshot_writer_tape(struct snapshot_writer *w)
{
	return &w->tape;
}

int snapshot_writer_proc(struct snapshot_writer *w, const char *proc_root,
			 const char *name)
{
	char path[4096];
	size_t cap = 0, len = 0, nlen = strlen(name);
	uint8_t *buf = NULL;
	uint16_t n16 = (uint16_t)nlen;
	uint8_t pre[SNAP_NS_HDR + 2 + 64] = {0};
	size_t at = w->foreign ? SNAP_NS_HDR : 0;
	int fd, r = 0;

	if (nlen > 64)
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "%s/net/%s", proc_root, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	/* seq_file gives a page or so per read: read to the end. */
	for (;;) {
		ssize_t k;

		if (grow_array((void **)&buf, &cap, len + 1, 1, 65536) < 0) {
			r = -ENOMEM;
			break;
		}
		k = read(fd, buf + len, cap - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			r = k < 0 ? -errno : 0;
			break;
		}
		len += (size_t)k;
	}
	close(fd);
	if (w->foreign) {
		uint32_t index = w->nnetns - 1;

		memcpy(pre, &index, 4);
	}
	memcpy(pre + at, &n16, 2);
	memcpy(pre + at + 2, name, nlen);
	if (r >= 0)
		r = put_section(w, w->foreign ? "NPRC" : "PROC", pre,
				at + 2 + nlen, buf, len);
	free(buf);
	return r;
}

/* One NETN field: key, 0, u16 length, the bytes. Absent: nothing. */
static int put_field(uint8_t **p, size_t *len, size_t *cap, uint8_t key,
		     const char *v)
{
	size_t n = v ? strlen(v) : 0;

	if (!v)
		return 0;
	if (n > UINT16_MAX)
		n = UINT16_MAX;
	if (grow_array((void **)p, cap, *len + 4 + n, 1, 0) < 0)
		return -ENOMEM;
	(*p)[*len] = key;
	(*p)[*len + 1] = 0;
	memcpy(*p + *len + 2, &(uint16_t){(uint16_t)n}, 2);
	memcpy(*p + *len + 4, v, n);
	*len += 4 + n;
	return 0;
}

int snapshot_writer_netns(struct snapshot_writer *w,
			  const struct sock_origin *o, const char *path,
			  bool own)
{
	const char *field[SNAP_NETN_FIELDS] = {
		[SNAP_NETN_NAME] = o->netns_name,
		[SNAP_NETN_PATH] = path,
		[SNAP_NETN_CTR_RUNTIME] = o->ctr_runtime,
		[SNAP_NETN_CTR_ID] = o->ctr_id,
		[SNAP_NETN_CTR_NAME] = o->ctr_name,
		[SNAP_NETN_POD_UID] = o->pod_uid,
		[SNAP_NETN_POD_NAMESPACE] = o->pod_namespace,
		[SNAP_NETN_POD_NAME] = o->pod_name,
		[SNAP_NETN_UNIT] = o->unit,
	};
	size_t len = SNAP_NETN_HDR, cap = 512;
	uint8_t *p = calloc(1, cap);
	uint32_t flags = own ? SNAP_NETN_OWN : 0;
	int32_t nsid = o->nsid;
	int r = 0;

	if (!p)
		return -ENOMEM;
	if (w->nnetns == UINT32_MAX)
		r = -E2BIG;
	/* index, flags, inode, nsid, 0 */
	memcpy(p, &w->nnetns, 4);
	memcpy(p + 4, &flags, 4);
	memcpy(p + 8, &o->netns_inode, 8);
	memcpy(p + 16, &nsid, 4);
	for (uint8_t k = 1; r >= 0 && k < SNAP_NETN_FIELDS; k++)
		r = put_field(&p, &len, &cap, k, field[k]);
	if (r >= 0)
		r = put_section(w, "NETN", NULL, 0, p, len);
	free(p);
	if (r < 0)
		return r;
	w->nnetns++;
	w->foreign = !own;
	return 0;
}

int snapshot_writer_netns_warning(struct snapshot_writer *w,
				  const struct sock_warning *sw)
{
	uint8_t pre[SNAP_NWRN_HDR] = {0};
	int32_t err = sw->err;
	uint64_t skipped = sw->skipped;
	const char *path = sw->netns_path ? sw->netns_path : "";

	memcpy(pre, &err, 4);
	memcpy(pre + 8, &sw->netns_inode, 8);
	memcpy(pre + 16, &skipped, 8);
	return put_section(w, "NWRN", pre, sizeof(pre), path, strlen(path));
}

int snapshot_writer_owners(struct snapshot_writer *w, struct owners *m,
			   bool (*keep)(uint32_t inode, void *ctx), void *ctx)
{
	void *buf;
	size_t len;
	int r = owners_save(m, keep, ctx, &buf, &len);

	if (r < 0)
		return r;
	r = put_section(w, "OWNR", NULL, 0, buf, len);
	free(buf);
	return r;
}

int snapshot_writer_names(struct snapshot_writer *w,
			  enum snapshot_names_kind kind, uint64_t netns,
			  const struct snapshot_name *v, size_t n)
{
	size_t len = SNAP_NAMES_HDR;
	uint8_t *buf, *p;
	int r;

	if ((unsigned)kind >= SNAPSHOT_NAMES_KINDS)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (!snap_name_ok(kind, &v[i]))
			return -EINVAL;
		len += SNAP_NAME_HDR + v[i].len;
	}
	buf = malloc(len);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, &netns, 8);
	p = buf + SNAP_NAMES_HDR;
	for (size_t i = 0; i < n; i++) {
		uint16_t l = (uint16_t)v[i].len;

		memcpy(p, &v[i].key, 8);
		memcpy(p + 8, &l, 2);
		memcpy(p + SNAP_NAME_HDR, v[i].text, v[i].len);
		p += SNAP_NAME_HDR + v[i].len;
	}
	r = put_section(w, snap_names_tag[kind], NULL, 0, buf, len);
	free(buf);
	return r;
}

int snapshot_writer_services(struct snapshot_writer *w, uint16_t lo,
			     uint16_t hi, const void *text, size_t len)
{
	uint16_t pre[2] = {lo, hi};

	return put_section(w, "SERV", pre, SNAP_SERV_HDR, text, len);
}

int snapshot_writer_commit(struct snapshot_writer *w)
{
	int r = put_section(w, "END ", NULL, 0, NULL, 0);

	/* A file others may read: the umask's mode, not mkstemp's 0600. */
	if (r >= 0) {
		mode_t mask = umask(0);

		umask(mask);
		if (fchmod(w->fd, 0666 & ~mask) < 0)
			r = -errno;
	}
	if (r >= 0 && close(w->fd) < 0)
		r = -errno;
	w->fd = -1;
	if (r >= 0 && rename(w->tmp, w->path) < 0)
		r = -errno;
	if (r >= 0)
		w->committed = true;
	return r;
}

void snapshot_writer_free(struct snapshot_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	if (w->tmp && !w->committed)
		unlink(w->tmp);
	free(w->batch);
	free(w->tmp);
	free(w->path);
	free(w);
}

size_t snapshot_names_max(enum snapshot_names_kind kind)
{
	return (unsigned)kind < SNAPSHOT_NAMES_KINDS ? snap_names_max[kind] : 0;
}
