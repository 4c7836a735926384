// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What -e, -o, -m and -i print: the table, word for word as ss, and the
 * JSON members, in base units, present only when the kernel sent them.
 */
#include <sys/sysmacros.h>

#include "detail-test.h"

#include "tests/unit/json-strict.h"
#include "tests/unit/out-capture.h"

static struct options detail_opts(uint32_t netids, const char *letters)
{
	struct options o = table_opts(netids);

	o.no_header = true;
	o.numeric = false;
	for (const char *c = letters; *c; c++) {
		switch (*c) {
		case 'e':
			o.extended = o.timers = true;
			break;
		case 'o':
			o.timers = true;
			break;
		case 'm':
			o.memory = true;
			break;
		case 'i':
			o.info = true;
			break;
		case 'O':
			o.oneline = true;
			break;
		case 'n':
			o.numeric = true;
			break;
		case 'j':
			o.format = OUT_FORMAT_NDJSON;
			break;
		}
	}
	return o;
}

/* The output of one record under @opts, NUL-terminated, to free(). */
static char *render(const struct options *opts, const struct sock_rec *rec)
{
	struct capture *c = start(opts);
	char *text;

	put(c, rec);
	text = strdup(finish(c));
	assert_non_null(text);
	capture_free(c);
	return text;
}

static size_t lines(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* What follows the first line. */
static const char *line2(const char *s)
{
	const char *nl = strchr(s, '\n');

	assert_non_null(nl);
	return nl + 1;
}

/* Fails unless @hay holds @needle, showing both. */
#define assert_contains(hay, needle)                                           \
	do {                                                                   \
		if (!strstr((hay), (needle)))                                  \
			fail_msg("\"%s\" not in:\n%s", (needle), (hay));       \
	} while (0)
#define assert_lacks(hay, needle)                                              \
	do {                                                                   \
		if (strstr((hay), (needle)))                                   \
			fail_msg("\"%s\" unexpected in:\n%s", (needle),        \
				 (hay));                                       \
	} while (0)

static struct sock_rec estab(void)
{
	struct sock_rec r = tcp4(SOCK_STATE_ESTABLISHED, "127.0.0.1", 40830,
				 "127.0.0.1", 5000, 0, 0);

	r.detail.has_timer = true;
	return r;
}

/* A record whose tcp_info is @len bytes of @t (borrowed, as from a
 * message). */
static struct sock_rec with_info(const struct dt_tcp_info *t, size_t len)
{
	struct sock_rec r = estab();

	r.detail.info_kind = SOCK_INFO_TCP;
	r.detail.info = t;
	r.detail.info_len = len;
	return r;
}

/* ---- -o ---- */

static void timer_words_as_ss(void **state)
{
	static const struct {
		uint8_t timer;
		uint32_t ms;
		uint8_t retrans;
		const char *want;
	} v[] = {
		{SOCK_TIMER_KEEPALIVE, 599000, 0, "timer:(keepalive,9min59sec,0)"},
		{SOCK_TIMER_KEEPALIVE, 600000, 0, "timer:(keepalive,10min,0)"},
		{SOCK_TIMER_ON, 61500, 2, "timer:(on,1min1sec,2)"},
		{SOCK_TIMER_TIMEWAIT, 59000, 0, "timer:(timewait,59sec,0)"},
		{SOCK_TIMER_ON, 12345, 1, "timer:(on,12sec,1)"},
		{SOCK_TIMER_ON, 1500, 1, "timer:(on,1.500ms,1)"},
		{SOCK_TIMER_PERSIST, 200, 3, "timer:(persist,200ms,3)"},
		{SOCK_TIMER_ON, 0, 0, "timer:(on,,0)"},
		{7, 5, 0, "timer:(unknown,005ms,0)"},
	};
	struct options o = detail_opts(TCP, "o");

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct sock_rec r = estab();
		char *text;

		r.detail.timer = v[i].timer;
		r.detail.expires_ms = v[i].ms;
		r.detail.retrans = v[i].retrans;
		text = render(&o, &r);
		assert_contains(text, v[i].want);
		free(text);
	}
}

static void no_timer_no_word(void **state)
{
	struct options o = detail_opts(TCP, "o");
	struct sock_rec r = estab();
	char *text = render(&o, &r);

	assert_lacks(text, "timer");
	/* Nothing to add: the line ends at the columns, unpadded. */
	assert_int_equal(text[strlen(text) - 2], '0');
	free(text);
}

/* ---- -e ---- */

static void extended_tokens(void **state)
{
	struct options o = detail_opts(TCP, "e");
	struct sock_rec r = estab();
	char *text;

	r.uid = 1000;
	r.inode = 3661558;
	r.cookie = 0x1b1455;
	r.has_mark = true;
	r.mark = 0x42;
	r.has_cgroup_id = true;
	r.cgroup_id = 0xfffffffffffffffeULL; /* no such cgroup */
	r.detail.has_shutdown = true;
	text = render(&o, &r);
	assert_contains(text, " uid:1000 ino:3661558 sk:1b1455 fwmark:0x42 "
			      "cgroup:unreachable:fffffffffffffffe <->\n");
	free(text);

	/* ss leaves out a zero uid, mark and cgroup. */
	r.uid = 0;
	r.mark = 0;
	r.cgroup_id = 0;
	r.detail.shutdown = SOCK_SHUTDOWN_RCV | SOCK_SHUTDOWN_SEND;
	text = render(&o, &r);
	assert_contains(text, ":5000 ino:3661558 sk:1b1455 ---\n");
	free(text);
}

static void shutdown_arrows(void **state)
{
	static const char *const want[] = {" <->\n", " -->\n", " <--\n",
					   " ---\n"};
	struct options o = detail_opts(TCP, "e");

	for (unsigned s = 0; s < 4; s++) {
		struct sock_rec r = estab();
		char *text;

		r.detail.has_shutdown = true;
		r.detail.shutdown = (uint8_t)s;
		text = render(&o, &r);
		/* bit 0: nothing more comes in ('<' gone), bit 1: nothing
		 * more goes out ('>' gone). */
		assert_contains(text, want[s]);
		free(text);
	}
}

static void v6only_only_for_inet6(void **state)
{
	struct options o = detail_opts(TCP, "e");
	struct sock_rec r6 = tcp6(SOCK_STATE_LISTEN, "::", 443, 1, 128);
	struct sock_rec r4 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0",
				  0, 0, 128);
	char *t6 = render(&o, &r6), *t4;

	assert_contains(t6, " v6only:1");
	r4.v6only = 1; /* never said for inet, as ss */
	t4 = render(&o, &r4);
	assert_lacks(t4, "v6only");
	free(t6);
	free(t4);
}

static void unix_extended_and_memory(void **state)
{
	uint32_t icons[2] = {11, 12};
	struct options o = detail_opts(UNIX_TABLES, "em");
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("/tmp/x"), 77, 0);
	char *text;

	r.has_vfs = true;
	r.vfs_inode = 10954855;
	r.vfs_dev = (uint32_t)makedev(254, 3); /* as stat(2)'s st_dev */
	r.detail.has_shutdown = true;
	r.detail.icons = icons;
	r.detail.n_icons = 2;
	r.detail.n_skmem = SOCK_SKMEM_MAX;
	r.detail.skmem[SK_MEMINFO_RCVBUF] = 212992;
	text = render(&o, &r);
	/* ss's order: memory first, then -e; all on the socket's line. */
	assert_contains(text, " skmem:(r0,rb212992,t0,tb0,f0,w0,o0,bl0,d0) <-> "
			      "ino:10954855 dev:254/3 peers: 11 12\n");
	assert_int_equal(lines(text), 1);
	free(text);
}

static void packet_extended_lines(void **state)
{
	struct options o = detail_opts((1u << SOCK_NETID_PACKET_RAW), "em");
	struct sock_rec r = {
		.netid = SOCK_NETID_PACKET_RAW,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = 3,
		.inode = 8,
		.cookie = 0x2459f2,
		.has_cookie = true,
	};
	char *text;

	r.detail.has_pkt_info = true;
	r.detail.pkt_flags = PDI_AUXDATA | PDI_VNETHDR;
	r.detail.has_rx_ring = true;
	r.detail.rx_ring = (struct sock_pkt_ring){4096, 4, 2048, 8, 0, 0};
	r.detail.has_fanout = true;
	r.detail.fanout = 9u << 16 | 1; /* a type ss has no name for */
	text = render(&o, &r);
	/* ss: a line per group; no "running", so a blank first. */
	assert_string_equal(line2(text),
			    "\tver:0 cpy_thresh:0 flags(  auxdata vnethdr )\n"
			    "\tring_rx(blk_size:4096,blk_nr:4,frm_size:2048,"
			    "frm_nr:8,tmo:0,features:0x0)\n"
			    "\tfanout(id:1,type:0x9)\n");
	assert_contains(text, " ino:8 sk:2459f2\n");
	free(text);

	o.oneline = true;
	r.detail.pkt_flags = 0;
	r.detail.has_rx_ring = false;
	r.detail.fanout = 1u << 16 | 1;
	text = render(&o, &r);
	assert_int_equal(lines(text), 1);
	assert_contains(text, " ino:8 sk:2459f2 ver:0 cpy_thresh:0 flags( 0 ) "
			      "fanout(id:1,type:lb)\n");
	free(text);
}

/* ---- -m, and where the continuation line goes ---- */

static struct sock_rec with_skmem(struct sock_rec r)
{
	for (unsigned i = 0; i < SOCK_SKMEM_MAX; i++)
		r.detail.skmem[i] = i;
	r.detail.n_skmem = SOCK_SKMEM_MAX;
	return r;
}

static void skmem_on_continuation_line(void **state)
{
	struct options o = detail_opts(TCP, "m");
	struct sock_rec r = with_skmem(estab());
	char *text = render(&o, &r);

	assert_int_equal(lines(text), 2);
	assert_contains(text, ":5000\n"); /* no blank after the columns */
	assert_string_equal(line2(text),
			    "\t skmem:(r0,rb1,t2,tb3,f4,w5,o6,bl7,d8)\n");
	free(text);
}

static void oneline_keeps_it_on_the_line(void **state)
{
	struct options o = detail_opts(TCP, "mO");
	struct sock_rec r = with_skmem(estab());
	char *text = render(&o, &r);

	assert_int_equal(lines(text), 1);
	assert_contains(text, "127.0.0.1:5000 "
			      "skmem:(r0,rb1,t2,tb3,f4,w5,o6,bl7,d8)\n");
	free(text);
}

static void short_skmem_and_old_meminfo(void **state)
{
	struct options o = detail_opts(TCP, "mO");
	struct sock_rec r = with_skmem(estab());
	char *text;

	r.detail.n_skmem = 7; /* a kernel before SK_MEMINFO_BACKLOG */
	text = render(&o, &r);
	assert_contains(text, " skmem:(r0,rb1,t2,tb3,f4,w5,o6)\n");
	free(text);

	r.detail.n_skmem = 0;
	r.detail.has_meminfo = true;
	r.detail.mem_r = 1;
	r.detail.mem_w = 2;
	r.detail.mem_f = 3;
	r.detail.mem_t = 4;
	text = render(&o, &r);
	assert_contains(text, " mem:(r1,w2,f3,t4)\n");
	free(text);
}

static void time_wait_gets_an_empty_continuation(void **state)
{
	struct options o = detail_opts(TCP, "m");
	struct sock_rec r = tcp4(SOCK_STATE_TIME_WAIT, "127.0.0.1", 1, "127.0.0.1",
				 2, 0, 0);
	char *text = render(&o, &r);

	/* ss prints the tab and nothing after it. */
	assert_int_equal(lines(text), 2);
	assert_string_equal(line2(text), "\t\n");
	free(text);
}

static void udp_and_info(void **state)
{
	struct options oi = detail_opts(UDP, "i"), om = detail_opts(UDP, "m");
	struct sock_rec r = with_skmem(rec_of(SOCK_NETID_UDP, AF_INET,
					      SOCK_STATE_CLOSE, "0.0.0.0", 53,
					      "0.0.0.0", 0));
	char *ti = render(&oi, &r), *tm = render(&om, &r);

	/* ss -i says nothing of UDP; -m does. */
	assert_int_equal(lines(ti), 1);
	assert_int_equal(lines(tm), 2);
	assert_contains(tm, "\n\t skmem:(");
	free(ti);
	free(tm);
}

/* ---- -i ---- */

static void tcp_info_line_as_ss(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "oi");
	struct sock_rec r = with_info(&t, sizeof(t.ti));
	char *text;

	r.detail.cong = "cubic";
	r.detail.cong_len = 5;
	text = render(&o, &r);
	assert_string_equal(
		line2(text),
		"\t ts sack cubic wscale:7,10 rto:204 rtt:0.045/0.03 ato:40 "
		"mss:32768 pmtu:65535 rcvmss:1000 advmss:65483 cwnd:10 "
		"bytes_sent:1000 bytes_acked:1001 bytes_received:5000000000 "
		"segs_out:3 segs_in:2 data_segs_out:1 send 58.3Gbps "
		"lastsnd:636 lastrcv:637 lastack:638 pacing_rate 1.2Gbps "
		"delivery_rate 23.6Gbps delivered:2 app_limited retrans:0/2 "
		"rcv_space:65483 rcv_ssthresh:65495 minrtt:0.012 "
		"snd_wnd:70656\n");
	free(text);
}

static void tcp_info_numeric_rates(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "in");
	struct sock_rec r = with_info(&t, sizeof(t.ti));
	char *text = render(&o, &r);

	/* -n: raw bits per second, as ss -n. */
	assert_contains(text, " send 58254222222bps ");
	assert_contains(text, " pacing_rate 1200000000bps ");
	assert_contains(text, " delivery_rate 23552000000bps ");
	/* Options words only with -o. */
	assert_lacks(text, " ts ");
	free(text);
}

static void tcp_info_short_prints_what_was_sent(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "i");
	struct sock_rec r =
		with_info(&t, offsetof(struct tcp_info, tcpi_pacing_rate));
	char *text = render(&o, &r);

	assert_contains(text, " rtt:0.045/0.03 ");
	assert_contains(text, " cwnd:10 ");
	assert_contains(text, " retrans:0/2");
	/* Fields past the end: not read, so not printed (their bytes are
	 * in the struct the record points into, but were not "sent"). */
	assert_lacks(text, "pacing_rate");
	assert_lacks(text, "bytes_acked");
	assert_lacks(text, "minrtt");
	assert_lacks(text, "snd_wnd");
	free(text);
}

static void tcp_info_longer_prints_as_full(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "i");
	struct sock_rec full = with_info(&t, sizeof(t.ti));
	struct sock_rec longer = with_info(&t, sizeof(t));
	char *a = render(&o, &full), *b = render(&o, &longer);

	/* The table is ss 6.1's: newer fields are for JSON. */
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* ss prints milliseconds with "%g" of a double: check the shortcut
 * against printf itself. */
static void milliseconds_as_printf_g(void **state)
{
	static const uint32_t us[] = {
		1,      5,      10,     12,      45,      100,     999,
		1000,   1001,   1010,   1100,    12345,   99999,   100000,
		204000, 999999, 1000000, 1000001, 1234565, 1234567, 9999999,
		10000000, 123456789, 4294967294u,
	};
	struct options o = detail_opts(TCP, "i");

	for (size_t i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		struct dt_tcp_info t = dt_tcp_info();
		struct sock_rec r;
		char want[64], *text;

		t.ti.tcpi_rtt = us[i];
		t.ti.tcpi_rttvar = us[(i + 1) % (sizeof(us) / sizeof(us[0]))];
		r = with_info(&t, sizeof(t.ti));
		snprintf(want, sizeof(want), " rtt:%g/%g ",
			 (double)t.ti.tcpi_rtt / 1000,
			 (double)t.ti.tcpi_rttvar / 1000);
		text = render(&o, &r);
		assert_contains(text, want);
		free(text);
	}
}

static void congestion_control_details(void **state)
{
	struct tcp_bbr_info bbr = {.bbr_bw_lo = 2944000000u,
				   .bbr_min_rtt = 12,
				   .bbr_pacing_gain = 739,
				   .bbr_cwnd_gain = 512};
	struct tcp_dctcp_info dctcp = {.dctcp_enabled = 1,
				       .dctcp_ce_state = 1,
				       .dctcp_alpha = 2,
				       .dctcp_ab_ecn = 3,
				       .dctcp_ab_tot = 4};
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "i");
	struct sock_rec r = with_info(&t, sizeof(t.ti));
	char *text;

	r.detail.cc_kind = SOCK_CC_BBR;
	r.detail.cc = &bbr;
	r.detail.cc_len = sizeof(bbr);
	text = render(&o, &r);
	assert_contains(text, " bbr:(bw:23.6Gbps,mrtt:0.012,"
			      "pacing_gain:2.88672,cwnd_gain:2) ");
	free(text);

	/* A short bbr info: the gains it lacks are left out. */
	r.detail.cc_len = offsetof(struct tcp_bbr_info, bbr_pacing_gain);
	text = render(&o, &r);
	assert_contains(text, " bbr:(bw:23.6Gbps,mrtt:0.012) ");
	free(text);

	r.detail.cc_kind = SOCK_CC_DCTCP;
	r.detail.cc = &dctcp;
	r.detail.cc_len = sizeof(dctcp);
	text = render(&o, &r);
	assert_contains(text, " dctcp:(ce_state:1,alpha:2,ab_ecn:3,ab_tot:4) ");
	free(text);

	dctcp.dctcp_enabled = 0;
	text = render(&o, &r);
	assert_contains(text, " dctcp:fallback_mode ");
	free(text);
}

static void ulp_words(void **state)
{
	struct options o = detail_opts(TCP, "i");
	struct sock_rec r = estab();
	char *text;

	r.detail.ulp = "tls";
	r.detail.ulp_len = 3;
	r.detail.has_tls = true;
	r.detail.tls = (struct sock_tls){.version = TLS_1_2_VERSION,
					 .cipher = TLS_CIPHER_AES_GCM_128,
					 .rxconf = TLS_CONF_SW,
					 .txconf = TLS_CONF_HW_RECORD,
					 .zc_ro_tx = true};
	text = render(&o, &r);
	assert_contains(text, "\t tcp-ulp-tls version: 1.2 cipher: aes-gcm-128 "
			      "rxconf: sw txconf: hw-record zc_ro_tx\n");
	free(text);

	r.detail.has_tls = false;
	r.detail.ulp = "mptcp";
	r.detail.ulp_len = 5;
	r.detail.has_subflow = true;
	r.detail.subflow = (struct sock_mptcp_subflow){
		.present = 1u << MPTCP_SUBFLOW_ATTR_TOKEN_REM |
			   1u << MPTCP_SUBFLOW_ATTR_TOKEN_LOC |
			   1u << MPTCP_SUBFLOW_ATTR_ID_REM |
			   1u << MPTCP_SUBFLOW_ATTR_ID_LOC |
			   1u << MPTCP_SUBFLOW_ATTR_MAP_SEQ,
		.token_loc = 0x215bc9fb,
		.map_seq = 0x89d04b5d979470f8,
		.flags = MPTCP_SUBFLOW_FLAG_MCAP_REM |
			 MPTCP_SUBFLOW_FLAG_MCAP_LOC |
			 MPTCP_SUBFLOW_FLAG_CONNECTED,
	};
	text = render(&o, &r);
	assert_contains(text, "\t tcp-ulp-mptcp flags:Mmc "
			      "token:0000(id:0)/215bc9fb(id:0) "
			      "seq:89d04b5d979470f8\n");
	free(text);
}

static void names_from_the_kernel_are_escaped(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct options o = detail_opts(TCP, "i");
	struct sock_rec r = with_info(&t, sizeof(t.ti));
	char *text;

	r.detail.cong = "cu\nbic";
	r.detail.cong_len = 6;
	text = render(&o, &r);
	assert_contains(text, " cu\\nbic ");
	free(text);
}

static void mptcp_info_words(void **state)
{
	struct mptcp_info mi = {.mptcpi_subflows_max = 2,
				.mptcpi_flags = MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED,
				.mptcpi_token = 0x3173be7f,
				.mptcpi_write_seq = 0x89d04b5d979470f8};
	struct options o = detail_opts(1u << SOCK_NETID_MPTCP, "i");
	struct sock_rec r = estab();
	char *text;

	r.netid = SOCK_NETID_MPTCP;
	r.detail.info_kind = SOCK_INFO_MPTCP;
	r.detail.info = &mi;
	r.detail.info_len = sizeof(mi);
	text = render(&o, &r);
	assert_contains(text, "\t subflows_max:2 remote_key token:3173be7f "
			      "write_seq:89d04b5d979470f8\n");
	free(text);
}

/* ---- JSON ---- */

static struct json_object *render_json(const char *letters,
				       const struct sock_rec *rec)
{
	struct options o = detail_opts(TCP | UDP, letters);
	char *text;
	struct json_object *obj;

	o.format = OUT_FORMAT_NDJSON;
	text = render(&o, rec);
	obj = json_parse_strict(text, strlen(text) - 1); /* the newline */
	free(text);
	return obj;
}

static uint64_t ju(struct json_object *o, const char *key)
{
	return (uint64_t)json_object_get_uint64(json_get(o, key));
}

static void json_tcp_info_base_units(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct sock_rec r = with_info(&t, sizeof(t));
	struct json_object *obj, *ti, *opts;

	r.detail.cong = "cubic";
	r.detail.cong_len = 5;
	obj = render_json("i", &r);
	assert_string_equal(json_object_get_string(json_get(obj, "congestion")),
			    "cubic");
	ti = json_get(obj, "tcp_info");
	assert_int_equal(ju(ti, "rtt_us"), 45);
	assert_int_equal(ju(ti, "rttvar_us"), 30);
	assert_int_equal(ju(ti, "rto_us"), 204000);
	assert_int_equal(ju(ti, "snd_cwnd"), 10);
	assert_int_equal(ju(ti, "min_rtt_us"), 12);
	/* Rates: bytes per second on the wire, bits per second here. */
	assert_int_equal(ju(ti, "pacing_rate_bps"), 1200000000ULL);
	assert_int_equal(ju(ti, "delivery_rate_bps"), 23552000000ULL);
	/* ~0 is "no limit": no number to give. */
	assert_false(json_has(ti, "max_pacing_rate_bps"));
	assert_int_equal(ju(ti, "bytes_received"), 5000000000ULL);
	assert_int_equal(ju(ti, "snd_wscale"), 7);
	assert_int_equal(ju(ti, "rcv_wscale"), 10);
	assert_true(json_object_get_boolean(
		json_get(ti, "delivery_rate_app_limited")));
	assert_string_equal(json_object_get_string(json_get(ti, "ca_state")),
			    "open");
	opts = json_get(ti, "options");
	assert_int_equal(json_object_array_length(opts), 3);
	assert_string_equal(
		json_object_get_string(json_object_array_get_idx(opts, 0)),
		"timestamps");
	/* The fields newer than our header, from the longer struct. */
	assert_int_equal(ju(ti, "rcv_wnd"), 65536);
	assert_int_equal(ju(ti, "total_rto_time_ms"), 7);
	assert_int_equal(ju(ti, "accecn_opt_seen"), 9);
	/* Not asked for: not there. */
	assert_false(json_has(obj, "skmem"));
	assert_false(json_has(obj, "timer"));
	assert_false(json_has(obj, "shutdown"));
	json_object_put(obj);
}

static void json_tcp_info_short_has_only_what_was_sent(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct sock_rec r = with_info(
		&t, offsetof(struct tcp_info, tcpi_total_retrans) + 2);
	struct json_object *obj = render_json("i", &r), *ti;

	ti = json_get(obj, "tcp_info");
	assert_int_equal(ju(ti, "rtt_us"), 45);
	assert_int_equal(ju(ti, "rcv_space"), 65483);
	/* Cut inside total_retrans: neither it nor anything after. */
	assert_false(json_has(ti, "total_retrans"));
	assert_false(json_has(ti, "pacing_rate_bps"));
	assert_false(json_has(ti, "snd_wnd"));
	assert_false(json_has(ti, "rcv_wnd"));
	json_object_put(obj);
}

static void json_tcp_info_of_6_1_has_no_newer_keys(void **state)
{
	struct dt_tcp_info t = dt_tcp_info();
	struct sock_rec r = with_info(&t, sizeof(t.ti));
	struct json_object *obj = render_json("i", &r), *ti;

	ti = json_get(obj, "tcp_info");
	assert_int_equal(ju(ti, "snd_wnd"), 70656);
	assert_false(json_has(ti, "rcv_wnd"));
	assert_false(json_has(ti, "accecn_opt_seen"));
	json_object_put(obj);
}

static void json_timer_memory_extended(void **state)
{
	uint32_t icons[1] = {99};
	struct sock_rec r = with_skmem(estab());
	struct json_object *obj, *timer, *skmem;

	r.detail.timer = SOCK_TIMER_KEEPALIVE;
	r.detail.expires_ms = 599000;
	r.detail.retrans = 1;
	r.has_mark = true;
	r.mark = 0; /* sent: present, even as 0 */
	r.has_cgroup_id = true;
	r.cgroup_id = 1;
	r.detail.has_shutdown = true;
	r.detail.shutdown = SOCK_SHUTDOWN_SEND;
	r.detail.icons = icons;
	r.detail.n_icons = 1;
	obj = render_json("em", &r);
	timer = json_get(obj, "timer");
	assert_string_equal(json_object_get_string(json_get(timer, "name")),
			    "keepalive");
	assert_int_equal(ju(timer, "expires_ms"), 599000);
	assert_int_equal(ju(timer, "retrans"), 1);
	assert_int_equal(ju(obj, "fwmark"), 0);
	assert_int_equal(ju(obj, "cgroup_id"), 1);
	assert_string_equal(json_object_get_string(json_get(obj, "shutdown")),
			    "write");
	assert_int_equal(json_object_array_length(
				 json_get(obj, "pending_inodes")),
			 1);
	skmem = json_get(obj, "skmem");
	assert_int_equal(ju(skmem, "rmem_alloc"), 0);
	assert_int_equal(ju(skmem, "rcvbuf"), 1);
	assert_int_equal(ju(skmem, "drops"), 8);
	assert_false(json_has(obj, "meminfo"));
	assert_false(json_has(obj, "tcp_info"));
	json_object_put(obj);

	/* -m alone: no -e keys, no timer. */
	obj = render_json("m", &r);
	assert_false(json_has(obj, "fwmark"));
	assert_false(json_has(obj, "timer"));
	assert_true(json_has(obj, "skmem"));
	json_object_put(obj);
}

static void json_cc_and_ulp(void **state)
{
	struct tcp_bbr_info bbr = {.bbr_bw_lo = 1000,
				   .bbr_min_rtt = 12,
				   .bbr_pacing_gain = 739};
	struct sock_rec r = estab();
	struct json_object *obj, *o;

	r.detail.cc_kind = SOCK_CC_BBR;
	r.detail.cc = &bbr;
	r.detail.cc_len = sizeof(bbr);
	r.detail.ulp = "tls";
	r.detail.ulp_len = 3;
	r.detail.has_tls = true;
	r.detail.tls.version = TLS_1_3_VERSION;
	obj = render_json("i", &r);
	o = json_get(obj, "bbr");
	assert_int_equal(ju(o, "bw_bps"), 8000);
	assert_int_equal(ju(o, "min_rtt_us"), 12);
	assert_int_equal(ju(o, "pacing_gain_x256"), 739);
	o = json_get(obj, "ulp");
	assert_string_equal(json_object_get_string(json_get(o, "name")),
			    "tls");
	assert_int_equal(ju(json_get(o, "tls"), "version"), TLS_1_3_VERSION);
	json_object_put(obj);
}

/* A dump a real kernel sent (tests/fixtures/netlink/README.md), printed
 * with -tanoemi: each kind of socket in it gets its words. */
static void recorded_dump_as_table(void **state)
{
	static const char *const want[] = {
		"timer:(keepalive,", "timer:(timewait,", " fwmark:0x42 ",
		" <->", " <--", " -->", "\n\t skmem:(r", " ts sack ",
		" cubic wscale:", " bbr:(bw:", " rtt:", " cwnd:",
		" tcp-ulp-mptcp flags:", " token:", "\n\t\n",
	};
	struct dt_replay rp = {.parse = dt_tcp_parse};
	struct options o = detail_opts(TCP, "oemi");
	struct capture *c;
	const char *text;

	dt_replay_fixture("netlink/detail-tcp-dump.bin", &rp);
	c = start(&o);
	for (size_t i = 0; i < rp.n; i++)
		put(c, &rp.recs[i]);
	text = finish(c);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_contains(text, want[i]);
	/* Two lines per socket. */
	assert_int_equal(lines(text), 2 * rp.n);
	capture_free(c);
	free(rp.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(timer_words_as_ss),
		cmocka_unit_test(no_timer_no_word),
		cmocka_unit_test(extended_tokens),
		cmocka_unit_test(shutdown_arrows),
		cmocka_unit_test(v6only_only_for_inet6),
		cmocka_unit_test(unix_extended_and_memory),
		cmocka_unit_test(packet_extended_lines),
		cmocka_unit_test(skmem_on_continuation_line),
		cmocka_unit_test(oneline_keeps_it_on_the_line),
		cmocka_unit_test(short_skmem_and_old_meminfo),
		cmocka_unit_test(time_wait_gets_an_empty_continuation),
		cmocka_unit_test(udp_and_info),
		cmocka_unit_test(tcp_info_line_as_ss),
		cmocka_unit_test(tcp_info_numeric_rates),
		cmocka_unit_test(tcp_info_short_prints_what_was_sent),
		cmocka_unit_test(tcp_info_longer_prints_as_full),
		cmocka_unit_test(milliseconds_as_printf_g),
		cmocka_unit_test(congestion_control_details),
		cmocka_unit_test(ulp_words),
		cmocka_unit_test(names_from_the_kernel_are_escaped),
		cmocka_unit_test(mptcp_info_words),
		cmocka_unit_test(json_tcp_info_base_units),
		cmocka_unit_test(json_tcp_info_short_has_only_what_was_sent),
		cmocka_unit_test(json_tcp_info_of_6_1_has_no_newer_keys),
		cmocka_unit_test(json_timer_memory_extended),
		cmocka_unit_test(json_cc_and_ulp),
		cmocka_unit_test(recorded_dump_as_table),
	};

	return harness_run_group(tests, NULL, NULL);
}
