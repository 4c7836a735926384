// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON members of -e, -o, -m and -i (schema version 1, documented in
 * sockscope(8)): raw values in base units (bytes, microseconds, bits per
 * second), and a key only where the kernel sent its value.
 */
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/mptcp.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>

#include "kstruct.h"
#include "out-json.h"
#include "out.h"

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

/* How a struct field becomes a JSON number. */
enum conv {
	CONV_PLAIN,
	CONV_RATE,     /* bytes per second -> bits; ~0 (no limit): absent */
	CONV_NOT_ONES, /* all ones means "none yet": absent */
};

/* One numeric field of a kernel struct, by offset, for a key. */
struct field {
	const char *key;
	uint16_t off;
	uint8_t size;
	uint8_t conv;
};

#define FIELD(type, f, key, conv)                                              \
	{key, offsetof(type, f), sizeof(((type *)0)->f), conv}
#define TI(f, key) FIELD(struct tcp_info, tcpi_##f, key, CONV_PLAIN)
#define TT(f, key)                                                             \
	{key, TCP_INFO_TAIL_OFFSET + offsetof(struct tcp_info_tail, f),        \
	 sizeof(((struct tcp_info_tail *)0)->f), CONV_PLAIN}

static const struct field tcp_info_fields[] = {
	TI(retransmits, "retransmits"),
	TI(probes, "probes"),
	TI(backoff, "backoff"),
	TI(rto, "rto_us"),
	TI(ato, "ato_us"),
	TI(snd_mss, "snd_mss"),
	TI(rcv_mss, "rcv_mss"),
	TI(unacked, "unacked"),
	TI(sacked, "sacked"),
	TI(lost, "lost"),
	TI(retrans, "retrans"),
	TI(fackets, "fackets"),
	TI(last_data_sent, "last_data_sent_ms"),
	TI(last_data_recv, "last_data_recv_ms"),
	TI(last_ack_recv, "last_ack_recv_ms"),
	TI(pmtu, "pmtu"),
	TI(rcv_ssthresh, "rcv_ssthresh"),
	TI(rtt, "rtt_us"),
	TI(rttvar, "rttvar_us"),
	TI(snd_ssthresh, "snd_ssthresh"),
	TI(snd_cwnd, "snd_cwnd"),
	TI(advmss, "advmss"),
	TI(reordering, "reordering"),
	TI(rcv_rtt, "rcv_rtt_us"),
	TI(rcv_space, "rcv_space"),
	TI(total_retrans, "total_retrans"),
	FIELD(struct tcp_info, tcpi_pacing_rate, "pacing_rate_bps", CONV_RATE),
	FIELD(struct tcp_info, tcpi_max_pacing_rate, "max_pacing_rate_bps",
	      CONV_RATE),
	TI(bytes_acked, "bytes_acked"),
	TI(bytes_received, "bytes_received"),
	TI(segs_out, "segs_out"),
	TI(segs_in, "segs_in"),
	TI(notsent_bytes, "notsent_bytes"),
	FIELD(struct tcp_info, tcpi_min_rtt, "min_rtt_us", CONV_NOT_ONES),
	TI(data_segs_in, "data_segs_in"),
	TI(data_segs_out, "data_segs_out"),
	FIELD(struct tcp_info, tcpi_delivery_rate, "delivery_rate_bps",
	      CONV_RATE),
	TI(busy_time, "busy_time_us"),
	TI(rwnd_limited, "rwnd_limited_us"),
	TI(sndbuf_limited, "sndbuf_limited_us"),
	TI(delivered, "delivered"),
	TI(delivered_ce, "delivered_ce"),
	TI(bytes_sent, "bytes_sent"),
	TI(bytes_retrans, "bytes_retrans"),
	TI(dsack_dups, "dsack_dups"),
	TI(reord_seen, "reord_seen"),
	TI(rcv_ooopack, "rcv_ooopack"),
	TI(snd_wnd, "snd_wnd"),
	TT(rcv_wnd, "rcv_wnd"),
	TT(rehash, "rehash"),
	TT(total_rto, "total_rto"),
	TT(total_rto_recoveries, "total_rto_recoveries"),
	TT(total_rto_time, "total_rto_time_ms"),
	TT(received_ce, "received_ce"),
	TT(delivered_e1_bytes, "delivered_e1_bytes"),
	TT(delivered_e0_bytes, "delivered_e0_bytes"),
	TT(delivered_ce_bytes, "delivered_ce_bytes"),
	TT(received_e1_bytes, "received_e1_bytes"),
	TT(received_e0_bytes, "received_e0_bytes"),
	TT(received_ce_bytes, "received_ce_bytes"),
	TT(accecn_fail_mode, "accecn_fail_mode"),
	TT(accecn_opt_seen, "accecn_opt_seen"),
};

#define MI(f) FIELD(struct mptcp_info, mptcpi_##f, #f, CONV_PLAIN)

static const struct field mptcp_info_fields[] = {
	MI(subflows),
	MI(add_addr_signal),
	MI(add_addr_accepted),
	MI(subflows_max),
	MI(add_addr_signal_max),
	MI(add_addr_accepted_max),
	MI(flags),
	MI(token),
	MI(write_seq),
	MI(snd_una),
	MI(rcv_nxt),
	MI(local_addr_used),
	MI(local_addr_max),
	MI(csum_enabled),
};

static const struct field vegas_fields[] = {
	FIELD(struct tcpvegas_info, tcpv_rttcnt, "rtt_cnt", CONV_PLAIN),
	FIELD(struct tcpvegas_info, tcpv_rtt, "rtt_us", CONV_PLAIN),
	FIELD(struct tcpvegas_info, tcpv_minrtt, "min_rtt_us", CONV_PLAIN),
};

static const struct field dctcp_fields[] = {
	FIELD(struct tcp_dctcp_info, dctcp_ce_state, "ce_state", CONV_PLAIN),
	FIELD(struct tcp_dctcp_info, dctcp_alpha, "alpha", CONV_PLAIN),
	FIELD(struct tcp_dctcp_info, dctcp_ab_ecn, "ab_ecn", CONV_PLAIN),
	FIELD(struct tcp_dctcp_info, dctcp_ab_tot, "ab_tot", CONV_PLAIN),
};

static const struct field bbr_fields[] = {
	FIELD(struct tcp_bbr_info, bbr_min_rtt, "min_rtt_us", CONV_PLAIN),
	FIELD(struct tcp_bbr_info, bbr_pacing_gain, "pacing_gain_x256",
	      CONV_PLAIN),
	FIELD(struct tcp_bbr_info, bbr_cwnd_gain, "cwnd_gain_x256",
	      CONV_PLAIN),
};

/* Each field of @f that the @len bytes at @p hold whole. */
static void fields(struct out *o, const struct field *f, size_t n,
		   const void *p, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t v, ones;

		if (f[i].off + f[i].size > len)
			continue;
		v = ks_get(p, len, f[i].off, f[i].size);
		ones = f[i].size == 8 ? ~0ULL : (1ULL << f[i].size * 8) - 1;
		if (f[i].conv != CONV_PLAIN && v == ones)
			continue;
		out_json_u64(o, f[i].key, f[i].conv == CONV_RATE ? v * 8 : v);
	}
}

static void json_timer(struct out *o, const struct sock_detail *d)
{
	static const char *const names[_SOCK_TIMER_MAX] = {
		[SOCK_TIMER_OFF] = "off",
		[SOCK_TIMER_ON] = "on",
		[SOCK_TIMER_KEEPALIVE] = "keepalive",
		[SOCK_TIMER_TIMEWAIT] = "timewait",
		[SOCK_TIMER_PERSIST] = "persist",
	};

	out_json_open(o, "timer", '{');
	out_json_str(o, "name",
		     d->timer < _SOCK_TIMER_MAX ? names[d->timer] : "unknown");
	out_json_u64(o, "expires_ms", d->expires_ms);
	out_json_u64(o, "retrans", d->retrans);
	out_json_close(o, '}');
}

static void json_pkt_ring(struct out *o, const char *key,
			  const struct sock_pkt_ring *r)
{
	out_json_open(o, key, '{');
	out_json_u64(o, "block_size", r->block_size);
	out_json_u64(o, "block_nr", r->block_nr);
	out_json_u64(o, "frame_size", r->frame_size);
	out_json_u64(o, "frame_nr", r->frame_nr);
	out_json_u64(o, "retire_tmo_ms", r->retire_tmo);
	out_json_u64(o, "features", r->features);
	out_json_close(o, '}');
}

static void json_packet(struct out *o, const struct sock_detail *d)
{
	static const char *const flags[] = {"running", "auxdata", "origdev",
					    "vnethdr", "loss"};
	static const char *const fanout_types[] = {"hash", "lb",     "cpu",
						   "roll", "random", "qm"};
	uint32_t type = d->fanout >> 16 & 0xffff;

	if (d->has_pkt_info) {
		out_json_u64(o, "packet_version", d->pkt_version);
		out_json_u64(o, "copy_thresh", d->pkt_copy_thresh);
		out_json_open(o, "packet_flags", '[');
		for (unsigned i = 0; i < ELEMENTSOF(flags); i++)
			if (d->pkt_flags & 1u << i)
				out_json_str(o, NULL, flags[i]);
		out_json_close(o, ']');
	}
	if (d->has_rx_ring)
		json_pkt_ring(o, "rx_ring", &d->rx_ring);
	if (d->has_tx_ring)
		json_pkt_ring(o, "tx_ring", &d->tx_ring);
	if (d->has_fanout) {
		out_json_open(o, "fanout", '{');
		out_json_u64(o, "id", d->fanout & 0xffff);
		if (type < ELEMENTSOF(fanout_types))
			out_json_str(o, "type", fanout_types[type]);
		out_json_u64(o, "type_number", type);
		out_json_close(o, '}');
	}
}

static void json_extended(struct out *o, const struct sock_rec *rec)
{
	static const char *const shutdown[] = {"none", "read", "write",
					       "both"};
	const struct sock_detail *d = &rec->detail;

	if (rec->has_mark)
		out_json_u64(o, "fwmark", rec->mark);
	if (rec->has_cgroup_id)
		out_json_u64(o, "cgroup_id", rec->cgroup_id);
	if (d->has_shutdown)
		out_json_str(o, "shutdown", shutdown[d->shutdown & 3]);
	if (d->has_tos)
		out_json_u64(o, "tos", d->tos);
	if (d->has_tclass)
		out_json_u64(o, "tclass", d->tclass);
	if (d->icons) {
		out_json_open(o, "pending_inodes", '[');
		for (size_t i = 0; i < d->n_icons; i++) {
			uint32_t ino;

			memcpy(&ino, d->icons + i, sizeof(ino));
			out_json_u64(o, NULL, ino);
		}
		out_json_close(o, ']');
	}
	if (rec->family == AF_PACKET)
		json_packet(o, d);
}

static void json_memory(struct out *o, const struct sock_detail *d)
{
	static const char *const names[SOCK_SKMEM_MAX] = {
		[SK_MEMINFO_RMEM_ALLOC] = "rmem_alloc",
		[SK_MEMINFO_RCVBUF] = "rcvbuf",
		[SK_MEMINFO_WMEM_ALLOC] = "wmem_alloc",
		[SK_MEMINFO_SNDBUF] = "sndbuf",
		[SK_MEMINFO_FWD_ALLOC] = "fwd_alloc",
		[SK_MEMINFO_WMEM_QUEUED] = "wmem_queued",
		[SK_MEMINFO_OPTMEM] = "optmem",
		[SK_MEMINFO_BACKLOG] = "backlog",
		[SK_MEMINFO_DROPS] = "drops",
	};

	if (d->n_skmem) {
		out_json_open(o, "skmem", '{');
		for (unsigned i = 0; i < d->n_skmem; i++)
			out_json_u64(o, names[i], d->skmem[i]);
		out_json_close(o, '}');
	}
	if (d->has_meminfo) {
		out_json_open(o, "meminfo", '{');
		out_json_u64(o, "rmem", d->mem_r);
		out_json_u64(o, "wmem", d->mem_w);
		out_json_u64(o, "fmem", d->mem_f);
		out_json_u64(o, "tmem", d->mem_t);
		out_json_close(o, '}');
	}
}

static void json_tcp_info(struct out *o, const struct sock_detail *d)
{
	static const char *const ca_states[] = {
		[TCP_CA_Open] = "open",         [TCP_CA_Disorder] = "disorder",
		[TCP_CA_CWR] = "cwr",           [TCP_CA_Recovery] = "recovery",
		[TCP_CA_Loss] = "loss",
	};
	static const char *const options[] = {
		"timestamps", "sack", "wscale", "ecn", "ecn_seen", "syn_data",
	};
	/* The bit-fields of bytes 6 and 7, read as the compiler lays them
	 * out, which is the kernel's layout too. */
	struct tcp_info head = {0};
	size_t bytes = offsetof(struct tcp_info, tcpi_rto);

	memcpy(&head, d->info, d->info_len < bytes ? d->info_len : bytes);
	out_json_open(o, "tcp_info", '{');
	if (KS_HAS(struct tcp_info, tcpi_ca_state, d->info_len))
		out_json_str(o, "ca_state",
			     head.tcpi_ca_state < ELEMENTSOF(ca_states)
				     ? ca_states[head.tcpi_ca_state]
				     : "unknown");
	if (KS_HAS(struct tcp_info, tcpi_options, d->info_len)) {
		out_json_open(o, "options", '[');
		for (unsigned i = 0; i < ELEMENTSOF(options); i++)
			if (head.tcpi_options & 1u << i)
				out_json_str(o, NULL, options[i]);
		out_json_close(o, ']');
	}
	if (d->info_len >= bytes) {
		if (head.tcpi_options & TCPI_OPT_WSCALE) {
			out_json_u64(o, "snd_wscale", head.tcpi_snd_wscale);
			out_json_u64(o, "rcv_wscale", head.tcpi_rcv_wscale);
		}
		out_json_bool(o, "delivery_rate_app_limited",
			      head.tcpi_delivery_rate_app_limited);
		out_json_u64(o, "fastopen_client_fail",
			     head.tcpi_fastopen_client_fail);
	}
	fields(o, tcp_info_fields, ELEMENTSOF(tcp_info_fields), d->info,
	       d->info_len);
	out_json_close(o, '}');
}

static void json_cc(struct out *o, const struct sock_detail *d)
{
	switch (d->cc_kind) {
	case SOCK_CC_VEGAS:
		out_json_open(o, "vegas", '{');
		if (KS_HAS(struct tcpvegas_info, tcpv_enabled, d->cc_len))
			out_json_bool(o, "enabled",
				      KS_GET(struct tcpvegas_info, tcpv_enabled,
					     d->cc, d->cc_len));
		fields(o, vegas_fields, ELEMENTSOF(vegas_fields), d->cc,
		       d->cc_len);
		out_json_close(o, '}');
		break;
	case SOCK_CC_DCTCP:
		out_json_open(o, "dctcp", '{');
		if (KS_HAS(struct tcp_dctcp_info, dctcp_enabled, d->cc_len))
			out_json_bool(o, "enabled",
				      KS_GET(struct tcp_dctcp_info,
					     dctcp_enabled, d->cc, d->cc_len));
		fields(o, dctcp_fields, ELEMENTSOF(dctcp_fields), d->cc,
		       d->cc_len);
		out_json_close(o, '}');
		break;
	case SOCK_CC_BBR:
		out_json_open(o, "bbr", '{');
		if (KS_HAS(struct tcp_bbr_info, bbr_bw_hi, d->cc_len))
			out_json_u64(o, "bw_bps",
				     (KS_GET(struct tcp_bbr_info, bbr_bw_hi,
					     d->cc, d->cc_len)
					      << 32 |
				      KS_GET(struct tcp_bbr_info, bbr_bw_lo,
					     d->cc, d->cc_len)) *
					     8);
		fields(o, bbr_fields, ELEMENTSOF(bbr_fields), d->cc,
		       d->cc_len);
		out_json_close(o, '}');
		break;
	case SOCK_CC_NONE:
		break;
	}
}

static void json_subflow(struct out *o, const struct sock_mptcp_subflow *sf)
{
	static const struct {
		const char *key;
		int attr;
	} keys[] = {
		{"token_rem", MPTCP_SUBFLOW_ATTR_TOKEN_REM},
		{"token_loc", MPTCP_SUBFLOW_ATTR_TOKEN_LOC},
		{"rel_write_seq", MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ},
		{"map_seq", MPTCP_SUBFLOW_ATTR_MAP_SEQ},
		{"map_sfseq", MPTCP_SUBFLOW_ATTR_MAP_SFSEQ},
		{"ssn_offset", MPTCP_SUBFLOW_ATTR_SSN_OFFSET},
		{"map_datalen", MPTCP_SUBFLOW_ATTR_MAP_DATALEN},
		{"flags", MPTCP_SUBFLOW_ATTR_FLAGS},
		{"id_rem", MPTCP_SUBFLOW_ATTR_ID_REM},
		{"id_loc", MPTCP_SUBFLOW_ATTR_ID_LOC},
	};
	const uint64_t v[] = {
		sf->token_rem,  sf->token_loc,   sf->rel_write_seq, sf->map_seq,
		sf->map_sfseq,  sf->ssn_offset,  sf->map_datalen,   sf->flags,
		sf->id_rem,     sf->id_loc,
	};

	out_json_open(o, "mptcp", '{');
	for (size_t i = 0; i < ELEMENTSOF(keys); i++)
		if (sf->present & 1u << keys[i].attr)
			out_json_u64(o, keys[i].key, v[i]);
	out_json_close(o, '}');
}

static void json_ulp(struct out *o, const struct sock_detail *d)
{
	if (!d->ulp && !d->has_tls && !d->has_subflow)
		return;
	out_json_open(o, "ulp", '{');
	if (d->ulp)
		out_json_name(o, "name", d->ulp, d->ulp_len);
	if (d->has_tls) {
		out_json_open(o, "tls", '{');
		if (d->tls.version)
			out_json_u64(o, "version", d->tls.version);
		if (d->tls.cipher)
			out_json_u64(o, "cipher", d->tls.cipher);
		if (d->tls.rxconf)
			out_json_u64(o, "rxconf", d->tls.rxconf);
		if (d->tls.txconf)
			out_json_u64(o, "txconf", d->tls.txconf);
		out_json_bool(o, "zc_ro_tx", d->tls.zc_ro_tx);
		out_json_close(o, '}');
	}
	if (d->has_subflow)
		json_subflow(o, &d->subflow);
	out_json_close(o, '}');
}

static void json_info(struct out *o, const struct sock_detail *d)
{
	if (d->info_kind == SOCK_INFO_TCP)
		json_tcp_info(o, d);
	if (d->info_kind == SOCK_INFO_MPTCP) {
		out_json_open(o, "mptcp_info", '{');
		fields(o, mptcp_info_fields, ELEMENTSOF(mptcp_info_fields),
		       d->info, d->info_len);
		out_json_close(o, '}');
	}
	if (d->cong)
		out_json_name(o, "congestion", d->cong, d->cong_len);
	json_cc(o, d);
	json_ulp(o, d);
}

void out_json_detail(struct out *o, const struct sock_rec *rec)
{
	const struct options *opts = o->opts;

	if (opts->extended)
		json_extended(o, rec);
	if (opts->timers && rec->detail.has_timer)
		json_timer(o, &rec->detail);
	if (opts->memory)
		json_memory(o, &rec->detail);
	if (opts->info)
		json_info(o, &rec->detail);
}
