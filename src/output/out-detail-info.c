// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table text of -i, word for word as ss 6.1 prints it: tcp_info, the
 * congestion control's own numbers, the ULP (kTLS, an MPTCP subflow), and
 * mptcp_info. Each struct came from the kernel with its length: fields it
 * did not send are not read (kstruct.h).
 */
#include <linux/inet_diag.h>
#include <linux/mptcp.h>
#include <linux/tcp.h>
#include <linux/tls.h>

#include "kstruct.h"
#include "out-detail.h"

/* The congestion control's own numbers (dctcp, bbr), in ss's words. */
static void fmt_cc(struct out *o, struct dbuf *b, const struct sock_detail *d)
{
	if (d->cc_kind == SOCK_CC_DCTCP) {
		if (!KS_GET(struct tcp_dctcp_info, dctcp_enabled, d->cc,
			    d->cc_len)) {
			dbuf_str(b, " dctcp:fallback_mode");
			return;
		}
		dbuf_kv(b, " dctcp:(ce_state:",
			KS_GET(struct tcp_dctcp_info, dctcp_ce_state, d->cc,
			       d->cc_len));
		dbuf_kv(b, ",alpha:",
			KS_GET(struct tcp_dctcp_info, dctcp_alpha, d->cc,
			       d->cc_len));
		dbuf_kv(b, ",ab_ecn:",
			KS_GET(struct tcp_dctcp_info, dctcp_ab_ecn, d->cc,
			       d->cc_len));
		dbuf_kv(b, ",ab_tot:",
			KS_GET(struct tcp_dctcp_info, dctcp_ab_tot, d->cc,
			       d->cc_len));
		dbuf_str(b, ")");
	} else if (d->cc_kind == SOCK_CC_BBR) {
		uint64_t bw =
		    KS_GET(struct tcp_bbr_info, bbr_bw_hi, d->cc, d->cc_len)
			<< 32 |
		    KS_GET(struct tcp_bbr_info, bbr_bw_lo, d->cc, d->cc_len);
		uint64_t pg = KS_GET(struct tcp_bbr_info, bbr_pacing_gain,
				     d->cc, d->cc_len);
		uint64_t cg = KS_GET(struct tcp_bbr_info, bbr_cwnd_gain, d->cc,
				     d->cc_len);

		dbuf_str(b, " bbr:(bw:");
		dbuf_bw(o, b, (double)bw * 8.0);
		dbuf_str(b, ",mrtt:");
		dbuf_milli(b, KS_GET(struct tcp_bbr_info, bbr_min_rtt, d->cc,
				     d->cc_len));
		if (pg)
			dbuf_fmt(b, ",pacing_gain:%g", (double)pg / 256.0);
		if (cg)
			dbuf_fmt(b, ",cwnd_gain:%g", (double)cg / 256.0);
		dbuf_str(b, ")");
	}
}

/* The rtt ss divides by for "send": vegas's own when it has one. */
static double send_rtt(const struct sock_detail *d, const struct tcp_info *ti)
{
	if (d->cc_kind == SOCK_CC_VEGAS) {
		uint64_t rtt =
		    KS_GET(struct tcpvegas_info, tcpv_rtt, d->cc, d->cc_len);

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
			dbuf_str(b, " ts");
		if (ti.tcpi_options & TCPI_OPT_SACK)
			dbuf_str(b, " sack");
		if (ti.tcpi_options & TCPI_OPT_ECN)
			dbuf_str(b, " ecn");
		if (ti.tcpi_options & TCPI_OPT_ECN_SEEN)
			dbuf_str(b, " ecnseen");
		if (ti.tcpi_options & TCPI_OPT_SYN_DATA)
			dbuf_str(b, " fastopen");
	}
	if (d->cong) {
		dbuf_str(b, " ");
		dbuf_esc(b, d->cong, d->cong_len);
	}
	if (ti.tcpi_options & TCPI_OPT_WSCALE) {
		dbuf_kv(b, " wscale:", ti.tcpi_snd_wscale);
		dbuf_kv(b, ",", ti.tcpi_rcv_wscale);
	}
	if (ti.tcpi_rto && ti.tcpi_rto != 3000000) {
		dbuf_str(b, " rto:");
		dbuf_milli(b, ti.tcpi_rto);
	}
	if (ti.tcpi_backoff)
		dbuf_kv(b, " backoff:", ti.tcpi_backoff);
	if (ti.tcpi_rtt) {
		dbuf_str(b, " rtt:");
		dbuf_milli(b, ti.tcpi_rtt);
		dbuf_str(b, "/");
		dbuf_milli(b, ti.tcpi_rttvar);
	}
	if (ti.tcpi_ato) {
		dbuf_str(b, " ato:");
		dbuf_milli(b, ti.tcpi_ato);
	}
	if (ti.tcpi_snd_mss)
		dbuf_kv(b, " mss:", ti.tcpi_snd_mss);
	if (ti.tcpi_pmtu)
		dbuf_kv(b, " pmtu:", ti.tcpi_pmtu);
	if (ti.tcpi_rcv_mss)
		dbuf_kv(b, " rcvmss:", ti.tcpi_rcv_mss);
	if (ti.tcpi_advmss)
		dbuf_kv(b, " advmss:", ti.tcpi_advmss);
	if (ti.tcpi_snd_cwnd)
		dbuf_kv(b, " cwnd:", ti.tcpi_snd_cwnd);
	/* 0x7fffffff and the like mean "not yet set". */
	if (ti.tcpi_snd_ssthresh && ti.tcpi_snd_ssthresh < 0xffff)
		dbuf_kv(b, " ssthresh:", ti.tcpi_snd_ssthresh);
	if (ti.tcpi_bytes_sent)
		dbuf_kv(b, " bytes_sent:", ti.tcpi_bytes_sent);
	if (ti.tcpi_bytes_retrans)
		dbuf_kv(b, " bytes_retrans:", ti.tcpi_bytes_retrans);
	if (ti.tcpi_bytes_acked)
		dbuf_kv(b, " bytes_acked:", ti.tcpi_bytes_acked);
	if (ti.tcpi_bytes_received)
		dbuf_kv(b, " bytes_received:", ti.tcpi_bytes_received);
	if (ti.tcpi_segs_out)
		dbuf_kv(b, " segs_out:", ti.tcpi_segs_out);
	if (ti.tcpi_segs_in)
		dbuf_kv(b, " segs_in:", ti.tcpi_segs_in);
	if (ti.tcpi_data_segs_out)
		dbuf_kv(b, " data_segs_out:", ti.tcpi_data_segs_out);
	if (ti.tcpi_data_segs_in)
		dbuf_kv(b, " data_segs_in:", ti.tcpi_data_segs_in);
	fmt_cc(o, b, d);
	rtt = send_rtt(d, &ti);
	if (rtt > 0 && ti.tcpi_snd_mss && ti.tcpi_snd_cwnd) {
		/* ss's expression, operand for operand: the same double. */
		dbuf_str(b, " send ");
		dbuf_bw(o, b,
			(double)ti.tcpi_snd_cwnd * (double)ti.tcpi_snd_mss *
			    8000000. / rtt);
	}
	if (ti.tcpi_last_data_sent)
		dbuf_kv(b, " lastsnd:", ti.tcpi_last_data_sent);
	if (ti.tcpi_last_data_recv)
		dbuf_kv(b, " lastrcv:", ti.tcpi_last_data_recv);
	if (ti.tcpi_last_ack_recv)
		dbuf_kv(b, " lastack:", ti.tcpi_last_ack_recv);
	if (ti.tcpi_pacing_rate && ti.tcpi_pacing_rate != ~0ULL) {
		dbuf_str(b, " pacing_rate ");
		dbuf_bw(o, b, (double)ti.tcpi_pacing_rate * 8.);
		if (ti.tcpi_max_pacing_rate &&
		    ti.tcpi_max_pacing_rate != ~0ULL) {
			dbuf_str(b, "/");
			dbuf_bw(o, b, (double)ti.tcpi_max_pacing_rate * 8.);
		}
	}
	if (ti.tcpi_delivery_rate) {
		dbuf_str(b, " delivery_rate ");
		dbuf_bw(o, b, (double)ti.tcpi_delivery_rate * 8.);
	}
	if (ti.tcpi_delivered)
		dbuf_kv(b, " delivered:", ti.tcpi_delivered);
	if (ti.tcpi_delivered_ce)
		dbuf_kv(b, " delivered_ce:", ti.tcpi_delivered_ce);
	if (ti.tcpi_delivery_rate_app_limited)
		dbuf_str(b, " app_limited");
	if (ti.tcpi_busy_time) {
		dbuf_kv(b, " busy:", ti.tcpi_busy_time / 1000);
		dbuf_str(b, "ms");
		if (ti.tcpi_rwnd_limited)
			dbuf_fmt(b, " rwnd_limited:%llums(%.1f%%)",
				 (unsigned long long)ti.tcpi_rwnd_limited /
				     1000,
				 100.0 * (double)ti.tcpi_rwnd_limited /
				     (double)ti.tcpi_busy_time);
		if (ti.tcpi_sndbuf_limited)
			dbuf_fmt(b, " sndbuf_limited:%llums(%.1f%%)",
				 (unsigned long long)ti.tcpi_sndbuf_limited /
				     1000,
				 100.0 * (double)ti.tcpi_sndbuf_limited /
				     (double)ti.tcpi_busy_time);
	}
	if (ti.tcpi_unacked)
		dbuf_kv(b, " unacked:", ti.tcpi_unacked);
	if (ti.tcpi_retrans || ti.tcpi_total_retrans) {
		dbuf_kv(b, " retrans:", ti.tcpi_retrans);
		dbuf_kv(b, "/", ti.tcpi_total_retrans);
	}
	if (ti.tcpi_lost)
		dbuf_kv(b, " lost:", ti.tcpi_lost);
	/* A listener's "sacked" is its backlog: ss leaves it out. */
	if (ti.tcpi_sacked && rec->state != SOCK_STATE_LISTEN)
		dbuf_kv(b, " sacked:", ti.tcpi_sacked);
	if (ti.tcpi_dsack_dups)
		dbuf_kv(b, " dsack_dups:", ti.tcpi_dsack_dups);
	if (ti.tcpi_fackets)
		dbuf_kv(b, " fackets:", ti.tcpi_fackets);
	if (KS_HAS(struct tcp_info, tcpi_reordering, d->info_len) &&
	    ti.tcpi_reordering != 3)
		dbuf_kv(b, " reordering:", ti.tcpi_reordering);
	if (ti.tcpi_reord_seen)
		dbuf_kv(b, " reord_seen:", ti.tcpi_reord_seen);
	if (ti.tcpi_rcv_rtt) {
		dbuf_str(b, " rcv_rtt:");
		dbuf_milli(b, ti.tcpi_rcv_rtt);
	}
	if (ti.tcpi_rcv_space)
		dbuf_kv(b, " rcv_space:", ti.tcpi_rcv_space);
	if (ti.tcpi_rcv_ssthresh)
		dbuf_kv(b, " rcv_ssthresh:", ti.tcpi_rcv_ssthresh);
	if (ti.tcpi_notsent_bytes)
		dbuf_kv(b, " notsent:", ti.tcpi_notsent_bytes);
	if (ti.tcpi_min_rtt && ti.tcpi_min_rtt != ~0U) {
		dbuf_str(b, " minrtt:");
		dbuf_milli(b, ti.tcpi_min_rtt);
	}
	if (ti.tcpi_rcv_ooopack)
		dbuf_kv(b, " rcv_ooopack:", ti.tcpi_rcv_ooopack);
	if (ti.tcpi_snd_wnd)
		dbuf_kv(b, " snd_wnd:", ti.tcpi_snd_wnd);
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
	dbuf_fmt(b, " %s: ", name);
	if (conf <= TLS_CONF_HW_RECORD)
		dbuf_str(b, confs[conf]);
	else
		dbuf_fmt(b, "unknown(%u)", conf);
}

static void fmt_tls(struct dbuf *b, const struct sock_tls *t)
{
	if (t->version == TLS_1_2_VERSION)
		dbuf_str(b, " version: 1.2");
	else if (t->version == TLS_1_3_VERSION)
		dbuf_str(b, " version: 1.3");
	else if (t->version)
		dbuf_fmt(b, " version: unknown(%u)", t->version);
	if (t->cipher == TLS_CIPHER_AES_GCM_128)
		dbuf_str(b, " cipher: aes-gcm-128");
	else if (t->cipher == TLS_CIPHER_AES_GCM_256)
		dbuf_str(b, " cipher: aes-gcm-256");
	fmt_tls_conf(b, "rxconf", t->rxconf);
	fmt_tls_conf(b, "txconf", t->txconf);
	if (t->zc_ro_tx)
		dbuf_str(b, " zc_ro_tx");
}

static void fmt_subflow(struct dbuf *b, const struct sock_mptcp_subflow *sf)
{
	static const char caps[] = "MmJjBbecv"; /* bit 0 up */
	const uint32_t all = 1u << MPTCP_SUBFLOW_ATTR_TOKEN_REM |
			     1u << MPTCP_SUBFLOW_ATTR_TOKEN_LOC |
			     1u << MPTCP_SUBFLOW_ATTR_ID_REM |
			     1u << MPTCP_SUBFLOW_ATTR_ID_LOC;

	if (sf->flags) {
		dbuf_str(b, " flags:");
		for (unsigned i = 0; i < sizeof(caps) - 1; i++)
			if (sf->flags & 1u << i)
				dbuf_put(b, &caps[i], 1);
	}
	if ((sf->present & all) == all)
		dbuf_fmt(b, " token:%04x(id:%u)/%04x(id:%u)", sf->token_rem,
			 sf->id_rem, sf->token_loc, sf->id_loc);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_SEQ)
		dbuf_fmt(b, " seq:%llx", (unsigned long long)sf->map_seq);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_SFSEQ)
		dbuf_fmt(b, " sfseq:%x", sf->map_sfseq);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_SSN_OFFSET)
		dbuf_fmt(b, " ssnoff:%x", sf->ssn_offset);
	if (sf->present & 1u << MPTCP_SUBFLOW_ATTR_MAP_DATALEN)
		dbuf_fmt(b, " maplen:%x", sf->map_datalen);
}

static void fmt_ulp(struct dbuf *b, const struct sock_detail *d)
{
	if (d->ulp) {
		dbuf_str(b, " tcp-ulp-");
		dbuf_esc(b, d->ulp, d->ulp_len);
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
		dbuf_kv(b, " subflows:", v);
	if ((v = MPI(mptcpi_add_addr_signal)))
		dbuf_kv(b, " add_addr_signal:", v);
	if ((v = MPI(mptcpi_add_addr_accepted)))
		dbuf_kv(b, " add_addr_accepted:", v);
	if ((v = MPI(mptcpi_subflows_max)))
		dbuf_kv(b, " subflows_max:", v);
	if ((v = MPI(mptcpi_add_addr_signal_max)))
		dbuf_kv(b, " add_addr_signal_max:", v);
	if ((v = MPI(mptcpi_add_addr_accepted_max)))
		dbuf_kv(b, " add_addr_accepted_max:", v);
	if (flags & MPTCP_INFO_FLAG_FALLBACK)
		dbuf_str(b, " fallback");
	if (flags & MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED)
		dbuf_str(b, " remote_key");
	if ((v = MPI(mptcpi_token)))
		dbuf_fmt(b, " token:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_write_seq)))
		dbuf_fmt(b, " write_seq:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_snd_una)))
		dbuf_fmt(b, " snd_una:%llx", (unsigned long long)v);
	if ((v = MPI(mptcpi_rcv_nxt)))
		dbuf_fmt(b, " rcv_nxt:%llx", (unsigned long long)v);
}

#undef MPI

void out_detail_info(struct out *o, struct dbuf *b, const struct sock_rec *rec)
{
	const struct sock_detail *d = &rec->detail;

	if (rec->netid == SOCK_NETID_MPTCP) {
		if (d->info_kind == SOCK_INFO_MPTCP)
			fmt_mptcp_info(b, d);
		return;
	}
	if (rec->netid != SOCK_NETID_TCP)
		return;
	if (d->info_kind == SOCK_INFO_TCP)
		fmt_tcp_info(o, b, rec);
	/* ULP info comes with INFO, and ss prints it whatever -i says. */
	fmt_ulp(b, d);
}
