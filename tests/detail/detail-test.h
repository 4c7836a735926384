/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * For the tests of -e -o -m -i: inet and unix replies built with libmnl
 * the way the kernel builds them, with the attributes those options bring.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>
#include <linux/mptcp.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <linux/tls.h>
#include <linux/unix_diag.h>

#include "tests/unit/unit.h"

#include "netlink/nl-parse.h"
#include "src/kstruct.h"

#define DT_BUF_SIZE 8192

/* One message; 4-byte aligned for the header casts. */
struct dtbuf {
	_Alignas(struct nlmsghdr) uint8_t b[DT_BUF_SIZE];
};

/* An established IPv4 TCP socket, timer fields set. */
static inline struct inet_diag_msg dt_inet_msg(void)
{
	struct inet_diag_msg m = {
		.idiag_family = AF_INET,
		.idiag_state = 1, /* ESTABLISHED */
		.idiag_timer = 2, /* keepalive */
		.idiag_retrans = 3,
		.idiag_expires = 599000,
		.id.idiag_sport = htons(5000),
		.id.idiag_dport = htons(40000),
		.id.idiag_cookie = {0x1b1455, 0},
		.idiag_uid = 1000,
		.idiag_inode = 3661558,
	};

	inet_pton(AF_INET, "127.0.0.1", m.id.idiag_src);
	inet_pton(AF_INET, "127.0.0.1", m.id.idiag_dst);
	return m;
}

/* Starts a SOCK_DIAG_BY_FAMILY reply with a copy of @m; add attributes. */
static inline struct nlmsghdr *dt_inet(struct dtbuf *nb,
				       const struct inet_diag_msg *m)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nb->b);

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	memcpy(mnl_nlmsg_put_extra_header(nlh, sizeof(*m)), m, sizeof(*m));
	return nlh;
}

/* A tcp_info as a 6.18 kernel sends it (280 bytes): every field of our
 * header's struct, then the fields appended since. */
struct dt_tcp_info {
	struct tcp_info ti;
	struct tcp_info_tail tail;
};

static inline struct dt_tcp_info dt_tcp_info(void)
{
	struct dt_tcp_info t = {
		.ti = {
			.tcpi_state = 1,
			.tcpi_ca_state = TCP_CA_Open,
			.tcpi_options = TCPI_OPT_TIMESTAMPS | TCPI_OPT_SACK |
					TCPI_OPT_WSCALE,
			.tcpi_snd_wscale = 7,
			.tcpi_rcv_wscale = 10,
			.tcpi_delivery_rate_app_limited = 1,
			.tcpi_rto = 204000,
			.tcpi_ato = 40000,
			.tcpi_snd_mss = 32768,
			.tcpi_rcv_mss = 1000,
			.tcpi_last_data_sent = 636,
			.tcpi_last_data_recv = 637,
			.tcpi_last_ack_recv = 638,
			.tcpi_pmtu = 65535,
			.tcpi_rcv_ssthresh = 65495,
			.tcpi_rtt = 45,
			.tcpi_rttvar = 30,
			.tcpi_snd_ssthresh = 0x7fffffff,
			.tcpi_snd_cwnd = 10,
			.tcpi_advmss = 65483,
			.tcpi_reordering = 3,
			.tcpi_rcv_space = 65483,
			.tcpi_total_retrans = 2,
			.tcpi_pacing_rate = 150000000, /* bytes/s */
			.tcpi_max_pacing_rate = ~0ULL,
			.tcpi_bytes_acked = 1001,
			.tcpi_bytes_received = 5000000000ULL,
			.tcpi_segs_out = 3,
			.tcpi_segs_in = 2,
			.tcpi_min_rtt = 12,
			.tcpi_data_segs_out = 1,
			.tcpi_delivery_rate = 2944000000ULL,
			.tcpi_delivered = 2,
			.tcpi_bytes_sent = 1000,
			.tcpi_snd_wnd = 70656,
		},
		.tail = {
			.rcv_wnd = 65536,
			.rehash = 4,
			.total_rto = 5,
			.total_rto_recoveries = 6,
			.total_rto_time = 7,
			.received_ce = 8,
			.accecn_opt_seen = 9,
		},
	};

	return t;
}

/* Parses @nlh as a reply of table @netid; fails the test unless it is
 * accepted. */
static inline struct sock_rec dt_parse_ok(const struct nlmsghdr *nlh,
					  enum sock_netid netid)
{
	struct sock_rec r;

	assert_int_equal(nl_inet_parse(nlh, netid, &r), 0);
	return r;
}

/* Whether [@p, @p + @len) lies within message @nlh: borrowed, not
 * copied. */
static inline bool dt_within(const struct nlmsghdr *nlh, const void *p,
			     size_t len)
{
	const uint8_t *b = (const uint8_t *)nlh, *q = p;

	return q >= b && q + len <= b + nlh->nlmsg_len;
}

/* The records of a recorded dump, parsed by @parse; their borrowed
 * pointers point into ->buf, which lives as long as the replay. */
struct dt_replay {
	int (*parse)(const struct nlmsghdr *nlh, struct sock_rec *ret);
	struct sock_rec recs[32];
	size_t n;
	int err;
	void *buf;
};

static inline int dt_tcp_parse(const struct nlmsghdr *nlh, struct sock_rec *ret)
{
	return nl_inet_parse(nlh, SOCK_NETID_TCP, ret);
}

static inline int dt_replay_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dt_replay *rp = data;
	int r;

	if (nlh->nlmsg_type != SOCK_DIAG_BY_FAMILY)
		return MNL_CB_OK;
	assert_true(rp->n < sizeof(rp->recs) / sizeof(rp->recs[0]));
	r = rp->parse(nlh, &rp->recs[rp->n]);
	if (r < 0) {
		rp->err = r;
		return MNL_CB_ERROR;
	}
	rp->n++;
	return MNL_CB_OK;
}

static inline void dt_replay_fixture(const char *name, struct dt_replay *rp)
{
	size_t len;

	rp->buf = fixture_read(name, &len);
	assert_int_equal(nl_run_buffer(rp->buf, len, 0, 0, dt_replay_cb, rp,
				       &rp->err),
			 0);
	assert_true(rp->n > 0);
}
