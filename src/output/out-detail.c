// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table text of -e, -o, -m and -i, word for word as ss 6.1 prints it
 * (see sockscope(8) for the few differences). One function per option
 * (-i's are in out-detail-info.c); out_detail_table() decides which run
 * and on which line, as ss does.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <linux/packet_diag.h>
#include <linux/sock_diag.h>

#include "out-detail.h"

/* ss's print_ms_timer(): "9min", "59sec", "1.500ms", "200ms". */
static void put_ms_timer(struct dbuf *b, uint32_t ms)
{
	unsigned secs = ms / 1000, minutes = secs / 60, msecs = ms % 1000;

	secs %= 60;
	if (minutes) {
		msecs = 0;
		dbuf_u64(b, minutes);
		dbuf_str(b, "min");
		if (minutes > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		dbuf_u64(b, secs);
		dbuf_str(b, msecs ? "." : "sec");
	}
	if (msecs)
		dbuf_fmt(b, "%03ums", msecs);
}

static void fmt_timer(struct dbuf *b, const struct sock_rec *rec)
{
	static const char *const names[] = {
	    [SOCK_TIMER_OFF] = "off",
	    [SOCK_TIMER_ON] = "on",
	    [SOCK_TIMER_KEEPALIVE] = "keepalive",
	    [SOCK_TIMER_TIMEWAIT] = "timewait",
	    [SOCK_TIMER_PERSIST] = "persist",
	};
	const struct sock_detail *d = &rec->detail;

	if (!d->has_timer || d->timer == SOCK_TIMER_OFF)
		return;
	dbuf_str(b, " timer:(");
	/* SCTP reports only its T3-rtx timer here. */
	if (rec->netid == SOCK_NETID_SCTP)
		dbuf_str(b, "T3_RTX");
	else
		dbuf_str(b, d->timer < _SOCK_TIMER_MAX ? names[d->timer]
						       : "unknown");
	dbuf_str(b, ",");
	put_ms_timer(b, d->expires_ms);
	dbuf_kv(b, ",", d->retrans);
	dbuf_str(b, ")");
}

/* ss's uid, ino and sk, every family but unix. */
static void fmt_ids(struct dbuf *b, const struct sock_rec *rec)
{
	if (rec->has_uid && rec->uid)
		dbuf_kv(b, " uid:", rec->uid);
	dbuf_kv(b, " ino:", rec->inode);
	if (rec->has_cookie)
		dbuf_fmt(b, " sk:%llx", (unsigned long long)rec->cookie);
}

static void fmt_shutdown(struct dbuf *b, const struct sock_detail *d)
{
	char s[4] = {' ', '<', '-', '>'};

	if (!d->has_shutdown)
		return;
	if (d->shutdown & SOCK_SHUTDOWN_RCV)
		s[1] = '-';
	if (d->shutdown & SOCK_SHUTDOWN_SEND)
		s[3] = '-';
	dbuf_put(b, s, sizeof(s));
}

static void fmt_cgroup(struct out *o, struct dbuf *b, uint64_t id)
{
	const char *path;

	path = names_cgroup(o->names, id);
	dbuf_str(b, " cgroup:");
	if (path)
		dbuf_esc(b, path, strlen(path));
	else
		dbuf_fmt(b, "unreachable:%llx", (unsigned long long)id);
}

static void fmt_extended(struct out *o, struct dbuf *b,
			 const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	fmt_ids(b, rec);
	if (rec->has_mark && rec->mark)
		dbuf_fmt(b, " fwmark:0x%x", rec->mark);
	if (rec->has_cgroup_id && rec->cgroup_id)
		fmt_cgroup(o, b, rec->cgroup_id);
	if (rec->family == AF_INET6 && rec->v6only >= 0)
		dbuf_kv(b, " v6only:", (unsigned)rec->v6only);
	fmt_shutdown(b, d);
}

static void fmt_unix_extended(struct dbuf *b, const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	fmt_shutdown(b, d);
	if (rec->has_vfs) {
		/* vfs_dev is encoded as stat(2)'s st_dev. */
		dbuf_kv(b, " ino:", rec->vfs_inode);
		dbuf_kv(b, " dev:", major(rec->vfs_dev));
		dbuf_kv(b, "/", minor(rec->vfs_dev));
	}
	if (d->icons) {
		dbuf_str(b, " peers:");
		for (size_t i = 0; i < d->n_icons; i++) {
			uint32_t ino;

			memcpy(&ino, d->icons + i, sizeof(ino));
			dbuf_kv(b, " ", ino);
		}
	}
}

static void fmt_pkt_ring(struct out *o, struct dbuf *b, const char *name,
			 const struct sock_pkt_ring *r)
{
	dbuf_break(o, b);
	dbuf_str(b, name);
	dbuf_kv(b, "(blk_size:", r->block_size);
	dbuf_kv(b, ",blk_nr:", r->block_nr);
	dbuf_kv(b, ",frm_size:", r->frame_size);
	dbuf_kv(b, ",frm_nr:", r->frame_nr);
	dbuf_kv(b, ",tmo:", r->retire_tmo);
	dbuf_fmt(b, ",features:0x%x)", r->features);
}

/* ss -e of a packet socket: its version, flags, rings and fanout, each
 * group on a line of its own. */
static void fmt_packet_extended(struct out *o, struct dbuf *b,
				const struct sock_detail *d)
{
	static const char *const fanout_types[] = {"hash", "lb",     "cpu",
						   "roll", "random", "qm"};
	uint32_t type = d->fanout >> 16 & 0xffff;

	if (d->has_pkt_info) {
		dbuf_break(o, b);
		dbuf_kv(b, "ver:", d->pkt_version);
		dbuf_kv(b, " cpy_thresh:", d->pkt_copy_thresh);
		dbuf_str(b, " flags( ");
		if (d->pkt_flags & PDI_RUNNING)
			dbuf_str(b, "running");
		if (d->pkt_flags & PDI_AUXDATA)
			dbuf_str(b, " auxdata");
		if (d->pkt_flags & PDI_ORIGDEV)
			dbuf_str(b, " origdev");
		if (d->pkt_flags & PDI_VNETHDR)
			dbuf_str(b, " vnethdr");
		if (d->pkt_flags & PDI_LOSS)
			dbuf_str(b, " loss");
		if (!d->pkt_flags)
			dbuf_str(b, "0");
		dbuf_str(b, " )");
	}
	if (d->has_rx_ring)
		fmt_pkt_ring(o, b, "ring_rx", &d->rx_ring);
	if (d->has_tx_ring)
		fmt_pkt_ring(o, b, "ring_tx", &d->tx_ring);
	if (d->has_fanout) {
		dbuf_break(o, b);
		dbuf_kv(b, "fanout(id:", d->fanout & 0xffff);
		dbuf_str(b, ",type:");
		if (type < sizeof(fanout_types) / sizeof(fanout_types[0]))
			dbuf_str(b, fanout_types[type]);
		else
			dbuf_fmt(b, "0x%x", type);
		dbuf_str(b, ")");
	}
}

static void fmt_skmem(struct dbuf *b, const struct sock_detail *d)
{
	static const char *const names[SOCK_SKMEM_MAX] = {
	    [SK_MEMINFO_RMEM_ALLOC] = "r", [SK_MEMINFO_RCVBUF] = "rb",
	    [SK_MEMINFO_WMEM_ALLOC] = "t", [SK_MEMINFO_SNDBUF] = "tb",
	    [SK_MEMINFO_FWD_ALLOC] = "f",  [SK_MEMINFO_WMEM_QUEUED] = "w",
	    [SK_MEMINFO_OPTMEM] = "o",	   [SK_MEMINFO_BACKLOG] = "bl",
	    [SK_MEMINFO_DROPS] = "d",
	};

	if (d->n_skmem) {
		dbuf_str(b, " skmem:(");
		for (unsigned i = 0; i < d->n_skmem; i++) {
			if (i)
				dbuf_str(b, ",");
			dbuf_kv(b, names[i], d->skmem[i]);
		}
		dbuf_str(b, ")");
	} else if (d->has_meminfo) {
		dbuf_kv(b, " mem:(r", d->mem_r);
		dbuf_kv(b, ",w", d->mem_w);
		dbuf_kv(b, ",f", d->mem_f);
		dbuf_kv(b, ",t", d->mem_t);
		dbuf_str(b, ")");
	}
}

/* ss's continuation line of an inet socket: memory, then the protocol's
 * info. */
static void fmt_inet_more(struct out *o, struct dbuf *b,
			  const struct sock_rec *rec)
{
	fmt_skmem(b, &rec->detail);
	out_detail_info(o, b, rec);
}

void out_detail_table(struct out *o, const struct sock_rec *rec, char *dst,
		      struct out_detail *ret)
{
	const struct options *opts = o->opts;
	struct dbuf b = {.p = dst, .cap = OUT_DETAIL_MAX};
	struct out_detail r = {0};

	switch (rec->family) {
	case AF_INET:
	case AF_INET6:
		if (opts->timers)
			fmt_timer(&b, rec);
		if (opts->extended)
			fmt_extended(o, &b, rec);
		r.len1 = b.len;
		/* As ss: -i says nothing of UDP, and starts no line. */
		r.cont = opts->memory ||
			 (opts->info && rec->netid != SOCK_NETID_UDP);
		if (r.cont)
			fmt_inet_more(o, &b, rec);
		break;
	case AF_UNIX:
		if (opts->memory)
			fmt_skmem(&b, &rec->detail);
		if (opts->extended)
			fmt_unix_extended(&b, rec);
		break;
	case AF_NETLINK:
		if (opts->extended) {
			fmt_ids(&b, rec);
			dbuf_fmt(&b, " groups=0x%08x", rec->groups);
		}
		if (opts->memory)
			fmt_skmem(&b, &rec->detail);
		break;
	case AF_PACKET:
		if (opts->extended) {
			fmt_ids(&b, rec);
			fmt_packet_extended(o, &b, &rec->detail);
		}
		if (opts->memory)
			fmt_skmem(&b, &rec->detail);
		break;
	default:
		if (opts->extended)
			fmt_ids(&b, rec);
		if (opts->memory)
			fmt_skmem(&b, &rec->detail);
		break;
	}
	if (!r.cont)
		r.len1 = b.len;
	r.len2 = b.len - r.len1;
	*ret = r;
}
