// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table text of -e, -o, -m and -i, word for word as ss 6.1 prints it
 * (see sockscope(8) for the few differences). One function per option;
 * out_detail_table() decides which run and on which line, as ss does.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <linux/inet_diag.h>
#include <linux/mptcp.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/tls.h>

#include "kstruct.h"
#include "out.h"

/* A bounded buffer: what does not fit is cut, nothing overruns. */
struct dbuf {
	char *p;
	size_t len, cap;
};

static void put(struct dbuf *b, const char *s, size_t n)
{
	if (n > b->cap - b->len)
		n = b->cap - b->len;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void put_str(struct dbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void put_u64(struct dbuf *b, unsigned long long v)
{
	char tmp[24];

	put(b, tmp, fmt_u64(tmp, v));
}

/* " name:" then @v in decimal: most of what -i prints. */
static void put_kv(struct dbuf *b, const char *name, unsigned long long v)
{
	put_str(b, name);
	put_u64(b, v);
}

__attribute__((format(printf, 2, 3))) static void put_fmt(struct dbuf *b,
							  const char *fmt,
							  ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* Text from outside (a cgroup path, a kernel-chosen name), escaped. */
static void put_esc(struct dbuf *b, const char *s, size_t len)
{
	char tmp[ESC_TABLE_MAX(256)];

	while (len) {
		size_t n = len < 256 ? len : 256;

		/* Do not split a UTF-8 sequence between two chunks. */
		while (n < len && n > 1 && ((uint8_t)s[n] & 0xc0) == 0x80)
			n--;
		put(b, tmp, esc_table(tmp, s, n));
		s += n;
		len -= n;
	}
}

/*
 * @v thousandths (microseconds as milliseconds) as printf's "%g" of
 * v / 1000.0 writes it, as ss does. Below 10^6 that is exact decimal
 * and done here; above, the double's own rounding decides, so printf.
 */
static void put_milli(struct dbuf *b, uint64_t v)
{
	char tmp[32];
	size_t n;
	unsigned frac = (unsigned)(v % 1000);

	if (v >= 1000000) {
		put_fmt(b, "%g", (double)v / 1000);
		return;
	}
	n = fmt_u64(tmp, v / 1000);
	if (frac) {
		tmp[n++] = '.';
		tmp[n++] = (char)('0' + frac / 100);
		tmp[n++] = (char)('0' + frac / 10 % 10);
		tmp[n++] = (char)('0' + frac % 10);
		while (tmp[n - 1] == '0')
			n--;
	}
	put(b, tmp, n);
}

/* A rate in bits per second as ss's sprint_bw: raw with -n, else three
 * significant digits and a k/M/G/T prefix. */
static void put_bw(struct out *o, struct dbuf *b, double bps)
{
	if (o->opts->numeric)
		put_fmt(b, "%.0f", bps);
	else if (bps >= 1e12)
		put_fmt(b, "%.3gT", bps / 1e12);
	else if (bps >= 1e9)
		put_fmt(b, "%.3gG", bps / 1e9);
	else if (bps >= 1e6)
		put_fmt(b, "%.3gM", bps / 1e6);
	else if (bps >= 1e3)
		put_fmt(b, "%.3gk", bps / 1e3);
	else
		put_fmt(b, "%g", bps);
	put_str(b, "bps");
}

/* ss's print_ms_timer(): "9min", "59sec", "1.500ms", "200ms". */
static void put_ms_timer(struct dbuf *b, uint32_t ms)
{
	unsigned secs = ms / 1000, minutes = secs / 60, msecs = ms % 1000;

	secs %= 60;
	if (minutes) {
		msecs = 0;
		put_u64(b, minutes);
		put_str(b, "min");
		if (minutes > 9)
			secs = 0;
	}
	if (secs) {
		if (secs > 9)
			msecs = 0;
		put_u64(b, secs);
		put_str(b, msecs ? "." : "sec");
	}
	if (msecs)
		put_fmt(b, "%03ums", msecs);
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
	put_str(b, " timer:(");
	/* SCTP reports only its T3-rtx timer here. */
	if (rec->netid == SOCK_NETID_SCTP)
		put_str(b, "T3_RTX");
	else
		put_str(b, d->timer < _SOCK_TIMER_MAX ? names[d->timer]
						      : "unknown");
	put_str(b, ",");
	put_ms_timer(b, d->expires_ms);
	put_kv(b, ",", d->retrans);
	put_str(b, ")");
}

/* ss's uid, ino and sk, every family but unix. */
static void fmt_ids(struct dbuf *b, const struct sock_rec *rec)
{
	if (rec->has_uid && rec->uid)
		put_kv(b, " uid:", rec->uid);
	put_kv(b, " ino:", rec->inode);
	if (rec->has_cookie)
		put_fmt(b, " sk:%llx", (unsigned long long)rec->cookie);
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
	put(b, s, sizeof(s));
}

static void fmt_cgroup(struct out *o, struct dbuf *b, uint64_t id)
{
	const char *path;

	if (!o->cgroups_tried) {
		o->cgroups_tried = true;
		/* No cgroup2 mount is no error: ids are printed. */
		(void)cgroup_map_load_system(&o->cgroups);
	}
	path = cgroup_map_path(o->cgroups, id);
	put_str(b, " cgroup:");
	if (path)
		put_esc(b, path, strlen(path));
	else
		put_fmt(b, "unreachable:%llx", (unsigned long long)id);
}

static void fmt_extended(struct out *o, struct dbuf *b,
			 const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	fmt_ids(b, rec);
	if (rec->has_mark && rec->mark)
		put_fmt(b, " fwmark:0x%x", rec->mark);
	if (rec->has_cgroup_id && rec->cgroup_id)
		fmt_cgroup(o, b, rec->cgroup_id);
	if (rec->family == AF_INET6 && rec->v6only >= 0)
		put_kv(b, " v6only:", (unsigned)rec->v6only);
	fmt_shutdown(b, d);
}

static void fmt_unix_extended(struct dbuf *b, const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	fmt_shutdown(b, d);
	if (rec->has_vfs) {
		/* vfs_dev is encoded as stat(2)'s st_dev. */
		put_kv(b, " ino:", rec->vfs_inode);
		put_kv(b, " dev:", major(rec->vfs_dev));
		put_kv(b, "/", minor(rec->vfs_dev));
	}
	if (d->icons) {
		put_str(b, " peers:");
		for (size_t i = 0; i < d->n_icons; i++) {
			uint32_t ino;

			memcpy(&ino, d->icons + i, sizeof(ino));
			put_kv(b, " ", ino);
		}
	}
}

/* ss starts a new line for each of these, or a blank with -O. */
static void put_break(struct out *o, struct dbuf *b)
{
	put_str(b, o->opts->oneline ? " " : "\n\t");
}

static void fmt_pkt_ring(struct out *o, struct dbuf *b, const char *name,
			 const struct sock_pkt_ring *r)
{
	put_break(o, b);
	put_str(b, name);
	put_kv(b, "(blk_size:", r->block_size);
	put_kv(b, ",blk_nr:", r->block_nr);
	put_kv(b, ",frm_size:", r->frame_size);
	put_kv(b, ",frm_nr:", r->frame_nr);
	put_kv(b, ",tmo:", r->retire_tmo);
	put_fmt(b, ",features:0x%x)", r->features);
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
		put_break(o, b);
		put_kv(b, "ver:", d->pkt_version);
		put_kv(b, " cpy_thresh:", d->pkt_copy_thresh);
		put_str(b, " flags( ");
		if (d->pkt_flags & PDI_RUNNING)
			put_str(b, "running");
		if (d->pkt_flags & PDI_AUXDATA)
			put_str(b, " auxdata");
		if (d->pkt_flags & PDI_ORIGDEV)
			put_str(b, " origdev");
		if (d->pkt_flags & PDI_VNETHDR)
			put_str(b, " vnethdr");
		if (d->pkt_flags & PDI_LOSS)
			put_str(b, " loss");
		if (!d->pkt_flags)
			put_str(b, "0");
		put_str(b, " )");
	}
	if (d->has_rx_ring)
		fmt_pkt_ring(o, b, "ring_rx", &d->rx_ring);
	if (d->has_tx_ring)
		fmt_pkt_ring(o, b, "ring_tx", &d->tx_ring);
	if (d->has_fanout) {
		put_break(o, b);
		put_kv(b, "fanout(id:", d->fanout & 0xffff);
		put_str(b, ",type:");
		if (type < sizeof(fanout_types) / sizeof(fanout_types[0]))
			put_str(b, fanout_types[type]);
		else
			put_fmt(b, "0x%x", type);
		put_str(b, ")");
	}
}

static void fmt_skmem(struct dbuf *b, const struct sock_detail *d)
{
	static const char *const names[SOCK_SKMEM_MAX] = {
		[SK_MEMINFO_RMEM_ALLOC] = "r",  [SK_MEMINFO_RCVBUF] = "rb",
		[SK_MEMINFO_WMEM_ALLOC] = "t",  [SK_MEMINFO_SNDBUF] = "tb",
		[SK_MEMINFO_FWD_ALLOC] = "f",   [SK_MEMINFO_WMEM_QUEUED] = "w",
		[SK_MEMINFO_OPTMEM] = "o",      [SK_MEMINFO_BACKLOG] = "bl",
		[SK_MEMINFO_DROPS] = "d",
	};

	if (d->n_skmem) {
		put_str(b, " skmem:(");
		for (unsigned i = 0; i < d->n_skmem; i++) {
			if (i)
				put_str(b, ",");
			put_kv(b, names[i], d->skmem[i]);
		}
		put_str(b, ")");
	} else if (d->has_meminfo) {
		put_kv(b, " mem:(r", d->mem_r);
		put_kv(b, ",w", d->mem_w);
		put_kv(b, ",f", d->mem_f);
		put_kv(b, ",t", d->mem_t);
		put_str(b, ")");
	}
}

/* The congestion control's own numbers (dctcp, bbr), in ss's words. */
static void fmt_cc(struct out *o, struct dbuf *b, const struct sock_detail *d)
{
	if (d->cc_kind == SOCK_CC_DCTCP) {
		if (!KS_GET(struct tcp_dctcp_info, dctcp_enabled, d->cc,
			    d->cc_len)) {
			put_str(b, " dctcp:fallback_mode");
			return;
		}
		put_kv(b, " dctcp:(ce_state:",
		       KS_GET(struct tcp_dctcp_info, dctcp_ce_state, d->cc,
			      d->cc_len));
		put_kv(b, ",alpha:",
		       KS_GET(struct tcp_dctcp_info, dctcp_alpha, d->cc,
			      d->cc_len));
		put_kv(b, ",ab_ecn:",
		       KS_GET(struct tcp_dctcp_info, dctcp_ab_ecn, d->cc,
			      d->cc_len));
		put_kv(b, ",ab_tot:",
		       KS_GET(struct tcp_dctcp_info, dctcp_ab_tot, d->cc,
			      d->cc_len));
		put_str(b, ")");
	} else if (d->cc_kind == SOCK_CC_BBR) {
		uint64_t bw = KS_GET(struct tcp_bbr_info, bbr_bw_hi, d->cc,
				     d->cc_len) << 32 |
			      KS_GET(struct tcp_bbr_info, bbr_bw_lo, d->cc,
				     d->cc_len);
		uint64_t pg = KS_GET(struct tcp_bbr_info, bbr_pacing_gain,
				     d->cc, d->cc_len);
		uint64_t cg = KS_GET(struct tcp_bbr_info, bbr_cwnd_gain, d->cc,
				     d->cc_len);

		put_str(b, " bbr:(bw:");
		put_bw(o, b, (double)bw * 8.0);
		put_str(b, ",mrtt:");
		put_milli(b, KS_GET(struct tcp_bbr_info, bbr_min_rtt, d->cc,
				    d->cc_len));
		if (pg)
			put_fmt(b, ",pacing_gain:%g", (double)pg / 256.0);
		if (cg)
			put_fmt(b, ",cwnd_gain:%g", (double)cg / 256.0);
		put_str(b, ")");
	}
}

/* The rtt ss divides by for "send": vegas's own when it has one. */
static double send_rtt(const struct sock_detail *d, const struct tcp_info *ti)
{
	if (d->cc_kind == SOCK_CC_VEGAS) {
		uint64_t rtt = KS_GET(struct tcpvegas_info, tcpv_rtt, d->cc,
				      d->cc_len);

		if (KS_GET(struct tcpvegas_info, tcpv_enabled, d->cc,
			   d->cc_len) &&
		    rtt && rtt != 0x7fffffff)
			return (double)rtt;
	}
	return (double)ti->tcpi_rtt;
}

static void fmt_tcp_info(struct out *o, struct dbuf *b,
			 const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;
	struct tcp_info ti = {0};
	double rtt;

	/* A shorter struct (older kernel) reads as zeros beyond its end,
	 * and ss prints no zero; a longer one is cut to ours. */
	memcpy(&ti, d->info,
	       d->info_len < sizeof(ti) ? d->info_len : sizeof(ti));

	if (o->opts->timers) {
		if (ti.tcpi_options & TCPI_OPT_TIMESTAMPS)
			put_str(b, " ts");
		if (ti.tcpi_options & TCPI_OPT_SACK)
			put_str(b, " sack");
		if (ti.tcpi_options & TCPI_OPT_ECN)
			put_str(b, " ecn");
		if (ti.tcpi_options & TCPI_OPT_ECN_SEEN)
			put_str(b, " ecnseen");
		if (ti.tcpi_options & TCPI_OPT_SYN_DATA)
			put_str(b, " fastopen");
	}
	if (d->cong) {
		put_str(b, " ");
		put_esc(b, d->cong, d->cong_len);
	}
	if (ti.tcpi_options & TCPI_OPT_WSCALE) {
		put_kv(b, " wscale:", ti.tcpi_snd_wscale);
		put_kv(b, ",", ti.tcpi_rcv_wscale);
	}
	if (ti.tcpi_rto && ti.tcpi_rto != 3000000) {
		put_str(b, " rto:");
		put_milli(b, ti.tcpi_rto);
	}
	if (ti.tcpi_backoff)
		put_kv(b, " backoff:", ti.tcpi_backoff);
	if (ti.tcpi_rtt) {
		put_str(b, " rtt:");
		put_milli(b, ti.tcpi_rtt);
		put_str(b, "/");
		put_milli(b, ti.tcpi_rttvar);
	}
	if (ti.tcpi_ato) {
		put_str(b, " ato:");
		put_milli(b, ti.tcpi_ato);
	}
	if (ti.tcpi_snd_mss)
		put_kv(b, " mss:", ti.tcpi_snd_mss);
	if (ti.tcpi_pmtu)
		put_kv(b, " pmtu:", ti.tcpi_pmtu);
	if (ti.tcpi_rcv_mss)
		put_kv(b, " rcvmss:", ti.tcpi_rcv_mss);
	if (ti.tcpi_advmss)
		put_kv(b, " advmss:", ti.tcpi_advmss);
	if (ti.tcpi_snd_cwnd)
		put_kv(b, " cwnd:", ti.tcpi_snd_cwnd);
	/* 0x7fffffff and the like mean "not yet set". */
	if (ti.tcpi_snd_ssthresh && ti.tcpi_snd_ssthresh < 0xffff)
		put_kv(b, " ssthresh:", ti.tcpi_snd_ssthresh);
	if (ti.tcpi_bytes_sent)
		put_kv(b, " bytes_sent:", ti.tcpi_bytes_sent);
	if (ti.tcpi_bytes_retrans)
		put_kv(b, " bytes_retrans:", ti.tcpi_bytes_retrans);
	if (ti.tcpi_bytes_acked)
		put_kv(b, " bytes_acked:", ti.tcpi_bytes_acked);
	if (ti.tcpi_bytes_received)
		put_kv(b, " bytes_received:", ti.tcpi_bytes_received);
	if (ti.tcpi_segs_out)
		put_kv(b, " segs_out:", ti.tcpi_segs_out);
	if (ti.tcpi_segs_in)
		put_kv(b, " segs_in:", ti.tcpi_segs_in);
	if (ti.tcpi_data_segs_out)
		put_kv(b, " data_segs_out:", ti.tcpi_data_segs_out);
	if (ti.tcpi_data_segs_in)
		put_kv(b, " data_segs_in:", ti.tcpi_data_segs_in);
	fmt_cc(o, b, d);
	rtt = send_rtt(d, &ti);
	if (rtt > 0 && ti.tcpi_snd_mss && ti.tcpi_snd_cwnd) {
		/* ss's expression, operand for operand: the same double. */
		put_str(b, " send ");
		put_bw(o, b,
		       (double)ti.tcpi_snd_cwnd * (double)ti.tcpi_snd_mss *
			       8000000. / rtt);
	}
	if (ti.tcpi_last_data_sent)
		put_kv(b, " lastsnd:", ti.tcpi_last_data_sent);
	if (ti.tcpi_last_data_recv)
		put_kv(b, " lastrcv:", ti.tcpi_last_data_recv);
	if (ti.tcpi_last_ack_recv)
		put_kv(b, " lastack:", ti.tcpi_last_ack_recv);
	if (ti.tcpi_pacing_rate && ti.tcpi_pacing_rate != ~0ULL) {
		put_str(b, " pacing_rate ");
		put_bw(o, b, (double)ti.tcpi_pacing_rate * 8.);
		if (ti.tcpi_max_pacing_rate &&
		    ti.tcpi_max_pacing_rate != ~0ULL) {
			put_str(b, "/");
			put_bw(o, b, (double)ti.tcpi_max_pacing_rate * 8.);
		}
	}
	if (ti.tcpi_delivery_rate) {
		put_str(b, " delivery_rate ");
		put_bw(o, b, (double)ti.tcpi_delivery_rate * 8.);
	}
	if (ti.tcpi_delivered)
		put_kv(b, " delivered:", ti.tcpi_delivered);
	if (ti.tcpi_delivered_ce)
		put_kv(b, " delivered_ce:", ti.tcpi_delivered_ce);
	if (ti.tcpi_delivery_rate_app_limited)
		put_str(b, " app_limited");
	if (ti.tcpi_busy_time) {
		put_kv(b, " busy:", ti.tcpi_busy_time / 1000);
		put_str(b, "ms");
		if (ti.tcpi_rwnd_limited)
			put_fmt(b, " rwnd_limited:%llums(%.1f%%)",
				(unsigned long long)ti.tcpi_rwnd_limited / 1000,
				100.0 * (double)ti.tcpi_rwnd_limited /
					(double)ti.tcpi_busy_time);
		if (ti.tcpi_sndbuf_limited)
			put_fmt(b, " sndbuf_limited:%llums(%.1f%%)",
				(unsigned long long)ti.tcpi_sndbuf_limited /
					1000,
				100.0 * (double)ti.tcpi_sndbuf_limited /
					(double)ti.tcpi_busy_time);
	}
	if (ti.tcpi_unacked)
		put_kv(b, " unacked:", ti.tcpi_unacked);
	if (ti.tcpi_retrans || ti.tcpi_total_retrans) {
		put_kv(b, " retrans:", ti.tcpi_retrans);
		put_kv(b, "/", ti.tcpi_total_retrans);
	}
	if (ti.tcpi_lost)
		put_kv(b, " lost:", ti.tcpi_lost);
	/* A listener's "sacked" is its backlog: ss leaves it out. */
	if (ti.tcpi_sacked && rec->state != SOCK_STATE_LISTEN)
		put_kv(b, " sacked:", ti.tcpi_sacked);
	if (ti.tcpi_dsack_dups)
		put_kv(b, " dsack_dups:", ti.tcpi_dsack_dups);
	if (ti.tcpi_fackets)
		put_kv(b, " fackets:", ti.tcpi_fackets);
	if (KS_HAS(struct tcp_info, tcpi_reordering, d->info_len) &&
	    ti.tcpi_reordering != 3)
		put_kv(b, " reordering:", ti.tcpi_reordering);
	if (ti.tcpi_reord_seen)
		put_kv(b, " reord_seen:", ti.tcpi_reord_seen);
	if (ti.tcpi_rcv_rtt) {
		put_str(b, " rcv_rtt:");
		put_milli(b, ti.tcpi_rcv_rtt);
	}
	if (ti.tcpi_rcv_space)
		put_kv(b, " rcv_space:", ti.tcpi_rcv_space);
	if (ti.tcpi_rcv_ssthresh)
		put_kv(b, " rcv_ssthresh:", ti.tcpi_rcv_ssthresh);
	if (ti.tcpi_notsent_bytes)
		put_kv(b, " notsent:", ti.tcpi_notsent_bytes);
	if (ti.tcpi_min_rtt && ti.tcpi_min_rtt != ~0U) {
		put_str(b, " minrtt:");
		put_milli(b, ti.tcpi_min_rtt);
	}
	if (ti.tcpi_rcv_ooopack)
		put_kv(b, " rcv_ooopack:", ti.tcpi_rcv_ooopack);
	if (ti.tcpi_snd_wnd)
		put_kv(b, " snd_wnd:", ti.tcpi_snd_wnd);
}

static void fmt_tls_conf(struct dbuf *b, const char *name, uint16_t conf)
{
	static const char *const confs[] = {
		[TLS_CONF_BASE] = "none",
		[TLS_CONF_SW] = "sw",
		[TLS_CONF_HW] = "hw",
		[TLS_CONF_HW_RECORD] = "hw-record",
	};

	if (!conf)
		return;
	put_fmt(b, " %s: ", name);
	if (conf <= TLS_CONF_HW_RECORD)
		put_str(b, confs[conf]);
	else
		put_fmt(b, "unknown(%u)", conf);
}

static void fmt_tls(struct dbuf *b, const struct sock_tls *t)
{
	if (t->version == TLS_1_2_VERSION)
		put_str(b, " version: 1.2");
	else if (t->version == TLS_1_3_VERSION)
		put_str(b, " version: 1.3");
	else if (t->version)
		put_fmt(b, " version: unknown(%u)", t->version);
	if (t->cipher == TLS_CIPHER_AES_GCM_128)
		put_str(b, " cipher: aes-gcm-128");
	else if (t->cipher == TLS_CIPHER_AES_GCM_256)
		put_str(b, " cipher: aes-gcm-256");
	fmt_tls_conf(b, "rxconf", t->rxconf);
	fmt_tls_conf(b, "txconf", t->txconf);
	if (t->zc_ro_tx)
		put_str(b, " zc_ro_tx");
}

static void fmt_subflow(struct dbuf *b, const struct sock_mptcp_subflow *sf)
{
	static const char caps[] = "MmJjBbecv"; /* bit 0 up */
	const uint32_t all = 1u << MPTCP_SUBFLOW_ATTR_TOKEN_REM |
			     1u << MPTCP_SUBFLOW_ATTR_TOKEN_LOC |
			     1u << MPTCP_SUBFLOW_ATTR_ID_REM |
			     1u << MPTCP_SUBFLOW_ATTR_ID_LOC;

	if (sf->flags) {
		put_str(b, " flags:");
		for (unsigned i = 0; i < sizeof(caps) - 1; i++)
			if (sf->flags & 1u << i)
				put(b, &caps[i], 1);
	}
	if ((sf->present & all) == all)
		put_fmt(b, " token:%04x(id:%u)/%04x(id:%u)", sf->token_rem,
			sf->id_rem, sf->token_loc, sf->id_loc);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_SEQ)
		put_fmt(b, " seq:%llx", (unsigned long long)sf->map_seq);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_SFSEQ)
		put_fmt(b, " sfseq:%x", sf->map_sfseq);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_SSN_OFFSET)
		put_fmt(b, " ssnoff:%x", sf->ssn_offset);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_DATALEN)
		put_fmt(b, " maplen:%x", sf->map_datalen);
}

static void fmt_ulp(struct dbuf *b, const struct sock_detail *d)
{
	if (d->ulp) {
		put_str(b, " tcp-ulp-");
		put_esc(b, d->ulp, d->ulp_len);
	}
	if (d->has_tls)
		fmt_tls(b, &d->tls);
	if (d->has_subflow)
		fmt_subflow(b, &d->subflow);
}

#define MPI(field) KS_GET(struct mptcp_info, field, d->info, d->info_len)

static void fmt_mptcp_info(struct dbuf *b, const struct sock_detail *d)
{
	uint64_t flags = MPI(mptcpi_flags), v;

	if ((v = MPI(mptcpi_subflows)))
		put_kv(b, " subflows:", v);
	if ((v = MPI(mptcpi_add_addr_signal)))
		put_kv(b, " add_addr_signal:", v);
	if ((v = MPI(mptcpi_add_addr_accepted)))
		put_kv(b, " add_addr_accepted:", v);
	if ((v = MPI(mptcpi_subflows_max)))
		put_kv(b, " subflows_max:", v);
	if ((v = MPI(mptcpi_add_addr_signal_max)))
		put_kv(b, " add_addr_signal_max:", v);
	if ((v = MPI(mptcpi_add_addr_accepted_max)))
		put_kv(b, " add_addr_accepted_max:", v);
	if (flags & MPTCP_INFO_FLAG_FALLBACK)
		put_str(b, " fallback");
	if (flags & MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED)
		put_str(b, " remote_key");
	if ((v = MPI(mptcpi_token)))
		put_fmt(b, " token:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_write_seq)))
		put_fmt(b, " write_seq:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_snd_una)))
		put_fmt(b, " snd_una:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_rcv_nxt)))
		put_fmt(b, " rcv_nxt:%llx", (unsigned long long)v);
}

#undef MPI

/* ss's continuation line of an inet socket: memory, then the protocol's
 * info (tcp_info and ULP for TCP, mptcp_info for MPTCP). */
static void fmt_inet_more(struct out *o, struct dbuf *b,
			  const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	fmt_skmem(b, d);
	if (rec->netid == SOCK_NETID_MPTCP) {
		if (d->info_kind == SOCK_INFO_MPTCP)
			fmt_mptcp_info(b, d);
		return;
	}
	if (rec->netid != SOCK_NETID_TCP)
		return;
	if (d->info_kind == SOCK_INFO_TCP)
		fmt_tcp_info(o, b, rec);
	fmt_ulp(b, d);
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
			put_fmt(&b, " groups=0x%08x", rec->groups);
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
