// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table formatter end to end, without the kernel: hand-built records
 * go through out_new/out_sock/out_end into a memfd and the text that comes
 * out is compared exactly, against what ss prints for the same sockets.
 * Also the address and port cells, and a reader that goes away.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out-capture.h"
#include "src/names/services.h"

#define WARNING(netid_, family_, err_)                                         \
	(&(struct sock_warning){                                               \
		.netid = (netid_), .family = (family_), .err = (err_)})

/* The sockets of `ss -tan` in a namespace holding: a v4 listener on :22
 * with one connection to it from 127.0.0.1:51234 (36 bytes unread), a
 * listener on [::1]:631, one on [::]:8080 that also takes v4, and one on
 * [::]:80 with IPV6_V6ONLY. */
static void put_ss_sample(struct capture *c)
{
	struct sock_rec r[] = {
		tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, 0, 128),
		tcp4(SOCK_STATE_ESTABLISHED, "127.0.0.1", 51234, "127.0.0.1",
		     22, 0, 0),
		tcp4(SOCK_STATE_ESTABLISHED, "127.0.0.1", 22, "127.0.0.1",
		     51234, 36, 0),
		/* The kernel makes a socket bound to a specific v6 address
		 * v6-only. */
		tcp6(SOCK_STATE_LISTEN, "::1", 631, 1, 5),
		tcp6(SOCK_STATE_LISTEN, "::", 8080, 0, 511),
		tcp6(SOCK_STATE_LISTEN, "::", 80, 1, 4096),
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
}

/* What `ss -tan` printed for those sockets (iproute2 6.1), less its
 * Process column and trailing blanks. */
static const char ss_sample[] =
	"State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
	"LISTEN 0      128          0.0.0.0:22         0.0.0.0:*\n"
	"ESTAB  0      0          127.0.0.1:51234    127.0.0.1:22\n"
	"ESTAB  36     0          127.0.0.1:22       127.0.0.1:51234\n"
	"LISTEN 0      5              [::1]:631           [::]:*\n"
	"LISTEN 0      511                *:8080             *:*\n"
	"LISTEN 0      4096            [::]:80            [::]:*\n";

static void table_matches_ss_layout(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c = start(&o);

	put_ss_sample(c);
	assert_string_equal(finish(c), ss_sample);
	capture_free(c);
}

static void table_netid_column_with_two_tables(void **state)
{
	struct options o = table_opts(TCP | UDP);
	struct capture *c = start(&o);
	struct sock_rec u = rec_of(SOCK_NETID_UDP, AF_INET, SOCK_STATE_CLOSE,
				   "0.0.0.0", 53, "0.0.0.0", 0);

	put(c, &u);
	put_ss_sample(c);
	/* `ss -tuan` on the same sockets plus a UDP one on :53. */
	assert_string_equal(
		finish(c),
		"Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
		"udp   UNCONN 0      0            0.0.0.0:53         0.0.0.0:*\n"
		"tcp   LISTEN 0      128          0.0.0.0:22         0.0.0.0:*\n"
		"tcp   ESTAB  0      0          127.0.0.1:51234    127.0.0.1:22\n"
		"tcp   ESTAB  36     0          127.0.0.1:22       127.0.0.1:51234\n"
		"tcp   LISTEN 0      5              [::1]:631           [::]:*\n"
		"tcp   LISTEN 0      511                *:8080             *:*\n"
		"tcp   LISTEN 0      4096            [::]:80            [::]:*\n");
	capture_free(c);
}

static void table_no_netid_column_with_one_table(void **state)
{
	struct options o = table_opts(UDP);
	struct capture *c = start(&o);
	struct sock_rec u = rec_of(SOCK_NETID_UDP, AF_INET, SOCK_STATE_CLOSE,
				   "0.0.0.0", 53, "0.0.0.0", 0);

	put(c, &u);
	assert_string_equal(
		finish(c),
		"State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
		"UNCONN 0      0            0.0.0.0:53        0.0.0.0:*\n");
	capture_free(c);
}

static void table_no_header_option_drops_header(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c;

	o.no_header = true;
	c = start(&o);
	put_ss_sample(c);
	/* As ss -H: the widths come from the cells alone, not the titles. */
	assert_string_equal(finish(c),
			    "LISTEN 0      128      0.0.0.0:22      0.0.0.0:*\n"
			    "ESTAB  0      0      127.0.0.1:51234 127.0.0.1:22\n"
			    "ESTAB  36     0      127.0.0.1:22    127.0.0.1:51234\n"
			    "LISTEN 0      5          [::1]:631        [::]:*\n"
			    "LISTEN 0      511            *:8080          *:*\n"
			    "LISTEN 0      4096        [::]:80         [::]:*\n");
	capture_free(c);
}

static void table_empty_prints_header_only(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c = start(&o);

	assert_string_equal(
		finish(c),
		"State Recv-Q Send-Q Local Address:Port Peer Address:Port\n");
	capture_free(c);

	o.no_header = true;
	c = start(&o);
	assert_string_equal(finish(c), "");
	capture_free(c);
}

/* ss prints the queues as a C int: the kernel's (u32)-1 is -1. */
static void table_queues_as_c_int(void **state)
{
	struct options o = table_opts(TCP);
	struct sock_rec r = tcp4(SOCK_STATE_CLOSE, "10.0.0.1", 1, "0.0.0.0",
				 0, 0x7fffffff, 0xffffffff);
	struct capture *c;

	o.no_header = true;
	c = start(&o);
	put(c, &r);
	assert_non_null(strstr(finish(c), "UNCONN 2147483647 -1     "));
	capture_free(c);
}

static void table_state_labels_like_ss(void **state)
{
	static const char *const labels[_SOCK_STATE_MAX] = {
		"UNKNOWN",  "ESTAB",      "SYN-SENT",   "SYN-RECV",
		"FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
		"CLOSE-WAIT", "LAST-ACK", "LISTEN",     "CLOSING",
		"UNKNOWN",    "UNCONN", /* new-syn-recv, bound-inactive */
	};
	struct options o = table_opts(TCP);
	struct capture *c;
	const char *line;

	o.no_header = true;
	c = start(&o);
	for (unsigned s = 0; s < _SOCK_STATE_MAX; s++) {
		struct sock_rec r = tcp4(s, "10.0.0.1", 1, "10.0.0.2", 2, 0, 0);
		put(c, &r);
	}
	line = finish(c);
	for (unsigned s = 0; s < _SOCK_STATE_MAX; s++) {
		size_t n = strlen(labels[s]);
		if (strncmp(line, labels[s], n) != 0 || line[n] != ' ')
			fail_msg("state %u: line \"%.20s\", want %s", s, line,
				 labels[s]);
		line = strchr(line, '\n') + 1;
	}
	assert_string_equal(line, "");
	capture_free(c);
}

/* Many rows, none wider than its title: every row at the titles' widths. */
static void table_more_than_one_batch(void **state)
{
	const unsigned n = 2500;
	struct options o = table_opts(TCP);
	struct capture *c = start(&o);
	const char *p;
	char want[128];

	for (unsigned i = 1; i <= n; i++) {
		struct sock_rec r = tcp4(SOCK_STATE_ESTABLISHED, "10.1.2.3",
					 (uint16_t)i, "10.9.8.7", 443, i, 0);
		put(c, &r);
	}
	p = finish(c);
	assert_memory_equal(p, "State ", 6);
	p = strchr(p, '\n') + 1;
	/* Every row, in order, once; the widths hold, as no cell is wider
	 * than its title. */
	for (unsigned i = 1; i <= n; i++) {
		int len = snprintf(want, sizeof(want),
				   "ESTAB %-6u %-6u %13s:%-4u %12s:443\n", i,
				   0u, "10.1.2.3", i, "10.9.8.7");
		if (strncmp(p, want, (size_t)len) != 0)
			fail_msg("row %u: \"%.*s\" want \"%s\"", i,
				 (int)(strchr(p, '\n') - p), p, want);
		p += len;
	}
	assert_string_equal(p, "");
	capture_free(c);
}

static void table_later_wide_row_widens_all(void **state)
{
	struct options o = table_opts(TCP);
	struct capture *c;
	const char *p;
	char want[128];

	o.no_header = true;
	c = start(&o);
	for (unsigned i = 0; i < 1025; i++) {
		struct sock_rec r = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 1,
					 "10.0.0.2", 2,
					 i == 1024 ? 1234567u : 0u, 0);
		put(c, &r);
	}
	p = finish(c);
	/* As ss, which holds up to 5 MiB of rows before it prints: a wide
	 * cell in row 1025 widens row 1 too. */
	assert_memory_equal(p, "ESTAB 0       0      ", 21);
	p = strrchr(p, 'E');
	snprintf(want, sizeof(want), "ESTAB %-7s %-6s %8s:%-1s %8s:%s\n",
		 "1234567", "0", "10.0.0.1", "1", "10.0.0.2", "2");
	assert_string_equal(p, want);
	capture_free(c);
}

static struct capture *fmt_capture(bool numeric)
{
	struct options o = table_opts(TCP | UDP);

	o.numeric = numeric;
	return start(&o);
}

static const char *host(struct capture *c, const struct sock_rec *r,
			bool local)
{
	static char buf[OUT_HOST_MAX + 1];
	size_t n = out_fmt_host(c->out, r, local, buf);

	assert_true(n <= OUT_HOST_MAX);
	buf[n] = '\0';
	return buf;
}

static const char *port(struct capture *c, const struct sock_rec *r,
			uint16_t p)
{
	static char buf[OUT_PORT_MAX + 1];
	size_t n = out_fmt_port(c->out, r, p, buf);

	assert_true(n <= OUT_PORT_MAX);
	buf[n] = '\0';
	return buf;
}

static void host_v6_wildcard_forms(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp6(SOCK_STATE_LISTEN, "::", 80, -1, 0);

	/* Takes v4 too (or the kernel did not say): "*", as ss. */
	assert_string_equal(host(c, &r, true), "*");
	r.v6only = 0;
	assert_string_equal(host(c, &r, true), "*");
	assert_string_equal(host(c, &r, false), "*");
	r.v6only = 1;
	assert_string_equal(host(c, &r, true), "[::]");
	assert_string_equal(host(c, &r, false), "[::]");
	capture_free(c);
}

static void host_v6_addresses_bracketed(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp6(SOCK_STATE_LISTEN, "::1", 80, -1, 0);

	assert_string_equal(host(c, &r, true), "[::1]");
	inet_pton(AF_INET6, "2001:db8:0:0:1:0:0:1", r.local_addr);
	assert_string_equal(host(c, &r, true), "[2001:db8::1:0:0:1]");
	inet_pton(AF_INET6, "::ffff:127.0.0.1", r.local_addr);
	assert_string_equal(host(c, &r, true), "[::ffff:127.0.0.1]");
	inet_pton(AF_INET6, "fe80::1", r.peer_addr);
	assert_string_equal(host(c, &r, false), "[fe80::1]");
	capture_free(c);
}

static void host_v4_dotted_quad(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 1,
				 "255.255.255.255", 2, 0, 0);

	assert_string_equal(host(c, &r, true), "0.0.0.0");
	assert_string_equal(host(c, &r, false), "255.255.255.255");
	inet_pton(AF_INET, "10.200.3.45", r.local_addr);
	assert_string_equal(host(c, &r, true), "10.200.3.45");
	capture_free(c);
}

static void host_bound_device_suffix(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "127.0.0.1", 1,
				 "0.0.0.0", 0, 0, 0);
	char lo[IF_NAMESIZE], want[64];

	/* Index 1 is the loopback device in every network namespace. */
	assert_non_null(if_indextoname(1, lo));
	r.ifindex = 1;
	snprintf(want, sizeof(want), "127.0.0.1%%%s", lo);
	assert_string_equal(host(c, &r, true), want);
	/* Only the local address is bound to the device. */
	assert_string_equal(host(c, &r, false), "0.0.0.0");
	/* A device that is gone reads as "if" and its number, as ss. */
	r.ifindex = 987654;
	assert_string_equal(host(c, &r, true), "127.0.0.1%if987654");
	capture_free(c);
}

static void port_zero_is_star(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 0, "0.0.0.0",
				 0, 0, 0);

	assert_string_equal(port(c, &r, 0), "*");
	capture_free(c);
	c = fmt_capture(false);
	assert_string_equal(port(c, &r, 0), "*");
	capture_free(c);
}

static void port_numeric_with_n(void **state)
{
	struct capture *c = fmt_capture(true);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 0);

	assert_string_equal(port(c, &r, 22), "22");
	assert_string_equal(port(c, &r, 65535), "65535");
	capture_free(c);
}

static void port_service_name_without_n(void **state)
{
	struct services *s = NULL;
	bool has_ssh;
	struct capture *c;
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 0);

	/* out_fmt_port reads the system's /etc/services: only a system
	 * where ssh is 22/tcp can say what to expect. */
	has_ssh = services_load("/etc/services", &s) == 0 &&
		  services_lookup(s, 22, "tcp") &&
		  strcmp(services_lookup(s, 22, "tcp"), "ssh") == 0 &&
		  !services_lookup(s, 4, "tcp");
	services_free(s);
	if (!has_ssh)
		skip();

	c = fmt_capture(false);
	assert_string_equal(port(c, &r, 22), "ssh");
	/* A port the file does not name stays a number. */
	assert_string_equal(port(c, &r, 4), "4");
	capture_free(c);
}

/* Other families' endpoints, against `ss -xa`, `ss -0a` and
 * `ss -a -A netlink` in a namespace holding the same sockets. */
static void table_unix_endpoints_like_ss(void **state)
{
	struct options o = table_opts(UNIX_TABLES);
	struct capture *c = start(&o);
	struct sock_rec r[] = {
		unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_ESTABLISHED,
			 PATH("/tmp/ux-test.sock"), 2063887, 2063886),
		unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_ESTABLISHED, NULL,
			 0, 2063886, 2063887),
		unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
			 PATH("/tmp/ux-test.sock"), 2063884, 0),
		unix_rec(SOCK_NETID_UNIX_DGRAM, SOCK_STATE_CLOSE, NULL, 0,
			 2063889, 0),
		unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
			 PATH("\0abstract-name"), 2063885, 0),
	};

	r[0].recv_q = 5;
	r[1].send_q = 768;
	r[2].send_q = 5;
	r[4].send_q = 5;
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
	assert_string_equal(
		finish(c),
		"Netid State  Recv-Q Send-Q     Local Address:Port    Peer Address:Port\n"
		"u_str ESTAB  5      0      /tmp/ux-test.sock 2063887            * 2063886\n"
		"u_str ESTAB  0      768                    * 2063886            * 2063887\n"
		"u_str LISTEN 0      5      /tmp/ux-test.sock 2063884            * 0\n"
		"u_dgr UNCONN 0      0                      * 2063889            * 0\n"
		"u_str LISTEN 0      5         @abstract-name 2063885            * 0\n");
	capture_free(c);
}

static void table_unix_path_escaped(void **state)
{
	struct options o = table_opts(UNIX_TABLES);
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("/run/a\nb\x1b[2J\xff"), 7, 0);

	o.no_header = true;
	c = start(&o);
	put(c, &r);
	assert_string_equal(finish(c), "u_str LISTEN 0      0      "
				       "/run/a\\nb\\x1b[2J\\xff 7 * 0\n");
	capture_free(c);
}

static void table_packet_endpoints_like_ss(void **state)
{
	struct options o = table_opts((1u << SOCK_NETID_PACKET_RAW) |
				      (1u << SOCK_NETID_PACKET_DGRAM));
	struct capture *c;
	struct sock_rec r = {
		.netid = SOCK_NETID_PACKET_RAW,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = 0x0800,
		.ifindex = 1,
	};
	char lo[IF_NAMESIZE];

	assert_non_null(if_indextoname(1, lo));
	assert_string_equal(lo, "lo");
	o.numeric = false;
	c = start(&o);
	put(c, &r);
	/* ss's spellings, upper case and all. */
	r.protocol = 0x88cc;
	put(c, &r);
	r.protocol = 0x0001;
	put(c, &r);
	r.protocol = 0x0003;
	put(c, &r);
	/* No ss name for the ethertype, and bound to no device. */
	r.netid = SOCK_NETID_PACKET_DGRAM;
	r.protocol = 0x88b5;
	r.ifindex = 0;
	put(c, &r);
	assert_string_equal(
		finish(c),
		"Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
		"p_raw UNCONN 0      0                 ip:lo               *\n"
		"p_raw UNCONN 0      0               LLDP:lo               *\n"
		"p_raw UNCONN 0      0              802_3:lo               *\n"
		"p_raw UNCONN 0      0                  *:lo               *\n"
		"p_dgr UNCONN 0      0            [34997]:*                *\n");
	capture_free(c);
}

static void table_packet_numeric(void **state)
{
	struct options o = table_opts(1u << SOCK_NETID_PACKET_RAW);
	struct capture *c;
	struct sock_rec r = {
		.netid = SOCK_NETID_PACKET_RAW,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = 0x0800,
	};

	/* ss -n: "[2048]" for ip, but ETH_P_ALL is still "*". */
	o.no_header = true;
	c = start(&o);
	put(c, &r);
	r.protocol = 0x0003;
	put(c, &r);
	assert_string_equal(finish(c), "UNCONN 0      0      [2048]:* *\n"
				       "UNCONN 0      0           *:* *\n");
	capture_free(c);
}

/* A directory standing for /proc with <pid>/stat files, for ss's
 * "comm/pid" of a netlink port id. */
static char *fake_proc(void)
{
	char *dir = strdup("/tmp/sockscope-test-proc-XXXXXX");
	char path[256];
	FILE *f;

	assert_non_null(dir);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/4242", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/4242/stat", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	/* A name with ") " in it, and a byte to escape. */
	fputs("4242 (ev) il\x1b) S 1 4242 4242 0 -1 4194560\n", f);
	assert_int_equal(fclose(f), 0);
	return dir;
}

static void fake_proc_free(char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/4242/stat", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/4242", dir);
	rmdir(path);
	rmdir(dir);
	free(dir);
}

static void table_netlink_endpoints_like_ss(void **state)
{
	struct options o = table_opts(1u << SOCK_NETID_NETLINK);
	struct capture *c;
	char *proc = fake_proc();
	struct sock_rec r[] = {
		netlink_rec(0, 0, 0),
		netlink_rec(4, 0, 0),
		netlink_rec(16, 4242, 0),
		netlink_rec(16, 4343, 0),
		netlink_rec(0, 0xffffefffu, 0),
		netlink_rec(99, 0, 77),
		netlink_rec(0, 4343, 0),
	};

	r[1].recv_q = 832;
	/* Connected to the kernel: a peer all the same. */
	r[6].nl_connected = true;
	r[6].dst_group = 5;
	o.numeric = false;
	o.proc_root = proc;
	c = start(&o);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
	/* 4343 has no process: its number. An autobound port id is
	 * negative, as ss prints it. */
	assert_string_equal(
		finish(c),
		"State  Recv-Q Send-Q Local Address:Port            Peer Address:Port\n"
		"UNCONN 0      0               rtnl:kernel                      *\n"
		"UNCONN 832    0            tcpdiag:kernel                      *\n"
		"UNCONN 0      0               genl:ev) il\\x1b/4242             *\n"
		"UNCONN 0      0               genl:4343                        *\n"
		"UNCONN 0      0               rtnl:-4097                       *\n"
		"UNCONN 0      0                 99:kernel                     0:77\n"
		"UNCONN 0      0               rtnl:4343                       5:0\n");
	capture_free(c);
	fake_proc_free(proc);
}

static void table_netlink_numeric(void **state)
{
	struct options o = table_opts(1u << SOCK_NETID_NETLINK);
	struct capture *c;
	struct sock_rec r = netlink_rec(4, 0, 0);

	/* ss -n: the protocol and the port id as numbers, signed. */
	o.no_header = true;
	c = start(&o);
	put(c, &r);
	r = netlink_rec(0, 0xffffefffu, 0);
	put(c, &r);
	assert_string_equal(finish(c),
			    "UNCONN 0      0      4:0     *\n"
			    "UNCONN 0      0      0:-4097 *\n");
	capture_free(c);
}

/* A pipe whose reader is gone. SIGPIPE is ignored, as main() does. */
static int closed_pipe(void)
{
	int p[2];

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	close(p[0]);
	return p[1];
}

static void closed_pipe_end_is_epipe(void **state)
{
	static const enum out_format formats[] = {
		OUT_FORMAT_TABLE, OUT_FORMAT_JSON, OUT_FORMAT_NDJSON};

	for (size_t i = 0; i < 3; i++) {
		struct options o = json_opts(formats[i], false);
		struct capture *c = start_fd(&o, closed_pipe());
		struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22,
					 "0.0.0.0", 0, 0, 128);

		put(c, &r);
		assert_int_equal(out_end(c->out), -EPIPE);
		capture_free(c);
	}
}

static void closed_pipe_stops_sockets_early(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start_fd(&o, closed_pipe());
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);
	int err = 0;
	unsigned i;

	/* Each socket is ~250 bytes: the buffer fills within a few hundred,
	 * and from then on every out_sock reports the error. */
	for (i = 0; i < 100000 && err == 0; i++)
		err = out_sock(c->out, &r);
	assert_int_equal(err, -EPIPE);
	assert_true(i < 1000);
	assert_int_equal(out_sock(c->out, &r), -EPIPE);
	assert_int_equal(out_warning(c->out, WARNING(SOCK_NETID_TCP, AF_INET, -EPERM)),
			 -EPIPE);
	assert_int_equal(out_end(c->out), -EPIPE);
	capture_free(c);
}

static void free_null_is_fine(void **state)
{
	out_free(NULL);
}

static int ignore_sigpipe(void **state)
{
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_matches_ss_layout),
		cmocka_unit_test(table_netid_column_with_two_tables),
		cmocka_unit_test(table_no_netid_column_with_one_table),
		cmocka_unit_test(table_no_header_option_drops_header),
		cmocka_unit_test(table_empty_prints_header_only),
		cmocka_unit_test(table_queues_as_c_int),
		cmocka_unit_test(table_state_labels_like_ss),
		cmocka_unit_test(table_more_than_one_batch),
		cmocka_unit_test(table_later_wide_row_widens_all),
		cmocka_unit_test(host_v6_wildcard_forms),
		cmocka_unit_test(host_v6_addresses_bracketed),
		cmocka_unit_test(host_v4_dotted_quad),
		cmocka_unit_test(host_bound_device_suffix),
		cmocka_unit_test(port_zero_is_star),
		cmocka_unit_test(port_numeric_with_n),
		cmocka_unit_test(port_service_name_without_n),
		cmocka_unit_test(table_unix_endpoints_like_ss),
		cmocka_unit_test(table_unix_path_escaped),
		cmocka_unit_test(table_packet_endpoints_like_ss),
		cmocka_unit_test(table_packet_numeric),
		cmocka_unit_test(table_netlink_endpoints_like_ss),
		cmocka_unit_test(table_netlink_numeric),
		cmocka_unit_test(closed_pipe_end_is_epipe),
		cmocka_unit_test(closed_pipe_stops_sockets_early),
		cmocka_unit_test(free_null_is_fine),
	};

	return harness_run_group(tests, ignore_sigpipe, NULL);
}
