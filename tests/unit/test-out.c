// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The formatters end to end, without the kernel: hand-built records go
 * through out_new/out_sock/out_end into a memfd, and the text that comes
 * out is compared exactly (table) or parsed strictly with json-c (JSON).
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "json-strict.h"
#include "unit.h"

#include "src/out.h"

#define TCP (1u << SOCK_NETID_TCP)
#define UDP (1u << SOCK_NETID_UDP)

/* A formatter writing into a memfd, and what it wrote. */
struct capture {
	struct options opts; /* the out borrows it */
	struct out *out;
	int fd;
	char *text; /* after finish(): NUL-terminated */
	size_t len;
};

static struct capture *start_fd(const struct options *opts, int fd)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->opts = *opts;
	c->fd = fd;
	assert_int_equal(out_new(&c->opts, fd, &c->out), 0);
	assert_int_equal(out_begin(c->out), 0);
	return c;
}

static struct capture *start(const struct options *opts)
{
	int fd = memfd_create("out", MFD_CLOEXEC);

	assert_true(fd >= 0);
	return start_fd(opts, fd);
}

static void put(struct capture *c, const struct sock_rec *rec)
{
	assert_int_equal(out_sock(c->out, rec), 0);
}

/* Ends the output and reads back everything written. */
static const char *finish(struct capture *c)
{
	off_t size;

	assert_int_equal(out_end(c->out), 0);
	size = lseek(c->fd, 0, SEEK_END);
	assert_true(size >= 0);
	c->len = (size_t)size;
	c->text = malloc(c->len + 1);
	assert_non_null(c->text);
	assert_int_equal(pread(c->fd, c->text, c->len, 0), (ssize_t)c->len);
	c->text[c->len] = '\0';
	return c->text;
}

static void capture_free(struct capture *c)
{
	out_free(c->out);
	close(c->fd);
	free(c->text);
	free(c);
}

static struct options table_opts(uint32_t netids)
{
	return (struct options){
		.format = OUT_FORMAT_TABLE,
		.numeric = true,
		.query = {.netids = netids,
			  .families = QUERY_FAMILY_INET | QUERY_FAMILY_INET6,
			  .states = SOCK_STATES_ALL},
	};
}

static struct options json_opts(enum out_format format, bool pretty)
{
	struct options o = table_opts(TCP | UDP);

	o.format = format;
	o.pretty = pretty;
	o.numeric = false; /* JSON ports are numbers either way */
	return o;
}

static struct sock_rec rec_of(enum sock_netid netid, int family,
			      unsigned state, const char *laddr, uint16_t lport,
			      const char *paddr, uint16_t pport)
{
	struct sock_rec r = {
		.netid = netid,
		.source = SOCK_SOURCE_NETLINK,
		.family = family,
		.state = (uint8_t)state,
		.v6only = -1,
		.local_port = lport,
		.peer_port = pport,
		.inode = 1000 + lport,
		.has_uid = true,
		.cookie = 0x100000000ull + lport,
		.has_cookie = true,
	};

	assert_int_equal(inet_pton(family, laddr, r.local_addr), 1);
	assert_int_equal(inet_pton(family, paddr, r.peer_addr), 1);
	return r;
}

static struct sock_rec tcp4(unsigned state, const char *laddr, uint16_t lport,
			    const char *paddr, uint16_t pport, uint32_t rq,
			    uint32_t sq)
{
	struct sock_rec r = rec_of(SOCK_NETID_TCP, AF_INET, state, laddr,
				   lport, paddr, pport);

	r.recv_q = rq;
	r.send_q = sq;
	return r;
}

static struct sock_rec tcp6(unsigned state, const char *laddr, uint16_t lport,
			    int v6only, uint32_t sq)
{
	struct sock_rec r = rec_of(SOCK_NETID_TCP, AF_INET6, state, laddr,
				   lport, "::", 0);

	r.v6only = (int8_t)v6only;
	r.send_q = sq;
	return r;
}

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
	/* The columns keep the widths the header would have had. */
	assert_string_equal(finish(c), strchr(ss_sample, '\n') + 1);
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

static void table_state_labels_like_ss(void **state)
{
	static const char *const labels[_SOCK_STATE_MAX] = {
		"UNKNOWN",  "ESTAB",      "SYN-SENT",   "SYN-RECV",
		"FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "UNCONN",
		"CLOSE-WAIT", "LAST-ACK", "LISTEN",     "CLOSING",
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

/* Rows come in batches of 1024; the 1025th starts a new batch. */
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

static void table_later_batch_widens_only_itself(void **state)
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
	/* Row 1 of batch 1, then the lone row of batch 2. */
	assert_memory_equal(p, "ESTAB 0      0      ", 20);
	p = strrchr(p, 'E');
	snprintf(want, sizeof(want), "ESTAB %-7s %-6s %13s:%-4s %12s:%s\n",
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
	/* A device that is gone reads as its number. */
	r.ifindex = 987654;
	assert_string_equal(host(c, &r, true), "127.0.0.1%987654");
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

#define UNIX_TABLES                                                            \
	((1u << SOCK_NETID_UNIX_STREAM) | (1u << SOCK_NETID_UNIX_DGRAM) |      \
	 (1u << SOCK_NETID_UNIX_SEQPACKET))

static struct sock_rec unix_rec(enum sock_netid netid, unsigned state,
				const char *path, size_t path_len,
				uint32_t inode, uint32_t peer_inode)
{
	return (struct sock_rec){
		.netid = netid,
		.family = AF_UNIX,
		.state = (uint8_t)state,
		.v6only = -1,
		.path = path,
		.path_len = path_len,
		.inode = inode,
		.peer_inode = peer_inode,
	};
}

#define PATH(lit) lit, sizeof(lit) - 1

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
				       "/run/a\\nb\\x1b[2J\\xff 7               * 0\n");
	capture_free(c);
}

static void table_packet_endpoints_like_ss(void **state)
{
	struct options o = table_opts((1u << SOCK_NETID_PACKET_RAW) |
				      (1u << SOCK_NETID_PACKET_DGRAM));
	struct capture *c = start(&o);
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
		"p_dgr UNCONN 0      0            [34997]:*                *\n");
	capture_free(c);
}

static struct sock_rec netlink_rec(uint32_t proto, uint32_t portid,
				   uint32_t dst_portid)
{
	return (struct sock_rec){
		.netid = SOCK_NETID_NETLINK,
		.family = AF_NETLINK,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = proto,
		.portid = portid,
		.dst_portid = dst_portid,
	};
}

static void table_netlink_endpoints_like_ss(void **state)
{
	struct options o = table_opts(1u << SOCK_NETID_NETLINK);
	struct capture *c;
	struct sock_rec r[] = {
		netlink_rec(0, 0, 0),
		netlink_rec(4, 0, 0),
		netlink_rec(16, 4242, 0),
		netlink_rec(99, 0, 77),
	};

	r[1].recv_q = 832;
	o.numeric = false;
	c = start(&o);
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
	assert_string_equal(
		finish(c),
		"State  Recv-Q Send-Q Local Address:Port   Peer Address:Port\n"
		"UNCONN 0      0               rtnl:kernel             *\n"
		"UNCONN 832    0            tcpdiag:kernel             *\n"
		"UNCONN 0      0               genl:4242               *\n"
		"UNCONN 0      0                 99:kernel            *:77\n");
	capture_free(c);
}

static void table_netlink_numeric(void **state)
{
	struct options o = table_opts(1u << SOCK_NETID_NETLINK);
	struct capture *c;
	struct sock_rec r = netlink_rec(4, 0, 0);

	/* ss -n: the protocol and the port id as numbers. */
	o.no_header = true;
	c = start(&o);
	put(c, &r);
	assert_string_equal(finish(c),
			    "UNCONN 0      0                  4:0                *\n");
	capture_free(c);
}

/* JSON */

static struct json_object *parse_doc(struct capture *c)
{
	const char *text = finish(c);

	assert_true(c->len > 0);
	assert_int_equal(text[c->len - 1], '\n');
	return json_parse_strict(text, c->len - 1);
}

static void json_compact_exact_text(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);

	r.uid = 0;
	r.inode = 1509;
	r.cookie = 1;
	put(c, &r);
	assert_string_equal(
		finish(c),
		"{\"schema_version\":1,\"sockets\":[{\"netid\":\"tcp\","
		"\"family\":\"inet\",\"state\":\"listening\",\"recv_q\":0,"
		"\"send_q\":128,\"local_address\":\"0.0.0.0\","
		"\"local_port\":22,\"peer_address\":\"0.0.0.0\","
		"\"peer_port\":0,\"inode\":1509,\"uid\":0,\"cookie\":1,"
		"\"source\":\"netlink\"}],\"warnings\":[]}\n");
	capture_free(c);
}

static void json_empty_document(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);

	assert_string_equal(
		finish(c),
		"{\"schema_version\":1,\"sockets\":[],\"warnings\":[]}\n");
	capture_free(c);
}

static void json_fields_parse_strictly(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec a = tcp4(SOCK_STATE_ESTABLISHED, "192.168.1.10", 40000,
				 "93.184.216.34", 443, 17, 4294967295u);
	struct sock_rec b = tcp6(SOCK_STATE_LISTEN, "::1", 631, 1, 5);
	struct sock_rec u = rec_of(SOCK_NETID_UDP, AF_INET6, SOCK_STATE_CLOSE,
				   "fe80::1", 546, "::", 0);
	struct json_object *doc, *socks, *s;
	char lo[IF_NAMESIZE];

	a.uid = 4294967294u;
	a.inode = 4294967295u;
	a.cookie = UINT64_MAX;
	u.ifindex = 1;
	u.v6only = 0;
	u.has_cookie = false;
	u.has_uid = false;
	u.source = SOCK_SOURCE_PROCFS;
	put(c, &a);
	put(c, &b);
	put(c, &u);
	doc = parse_doc(c);

	assert_int_equal(json_object_get_int(json_get(doc, "schema_version")),
			 1);
	socks = json_get(doc, "sockets");
	assert_true(json_object_is_type(socks, json_type_array));
	assert_int_equal(json_object_array_length(socks), 3);
	assert_int_equal(json_object_array_length(json_get(doc, "warnings")),
			 0);

	s = json_object_array_get_idx(socks, 0);
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "tcp");
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "inet");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "established");
	assert_int_equal(json_object_get_int64(json_get(s, "recv_q")), 17);
	assert_int_equal(json_object_get_int64(json_get(s, "send_q")),
			 4294967295);
	assert_string_equal(
		json_object_get_string(json_get(s, "local_address")),
		"192.168.1.10");
	assert_int_equal(json_object_get_int(json_get(s, "local_port")),
			 40000);
	assert_string_equal(
		json_object_get_string(json_get(s, "peer_address")),
		"93.184.216.34");
	assert_int_equal(json_object_get_int(json_get(s, "peer_port")), 443);
	assert_int_equal(json_object_get_int64(json_get(s, "inode")),
			 4294967295);
	assert_int_equal(json_object_get_int64(json_get(s, "uid")),
			 4294967294);
	/* Beyond int64: json-c keeps it as an unsigned 64-bit number. */
	assert_true(json_object_get_uint64(json_get(s, "cookie")) ==
		    UINT64_MAX);
	assert_string_equal(json_object_get_string(json_get(s, "source")),
			    "netlink");
	assert_false(json_has(s, "v6only"));
	assert_false(json_has(s, "interface"));
	assert_false(json_has(s, "interface_index"));

	s = json_object_array_get_idx(socks, 1);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "inet6");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "listening");
	assert_string_equal(
		json_object_get_string(json_get(s, "local_address")), "::1");
	assert_string_equal(
		json_object_get_string(json_get(s, "peer_address")), "::");
	assert_true(json_object_is_type(json_get(s, "v6only"),
					json_type_boolean));
	assert_true(json_object_get_boolean(json_get(s, "v6only")));

	s = json_object_array_get_idx(socks, 2);
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "udp");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "closed");
	assert_false(json_object_get_boolean(json_get(s, "v6only")));
	assert_true(json_object_is_type(json_get(s, "v6only"),
					json_type_boolean));
	assert_false(json_has(s, "cookie"));
	assert_false(json_has(s, "uid"));
	assert_string_equal(json_object_get_string(json_get(s, "source")),
			    "procfs");
	assert_non_null(if_indextoname(1, lo));
	assert_string_equal(json_object_get_string(json_get(s, "interface")),
			    lo);
	assert_int_equal(json_object_get_int(json_get(s, "interface_index")),
			 1);

	json_object_put(doc);
	capture_free(c);
}

static void json_warning_listed(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);
	struct json_object *doc, *w;

	put(c, &r);
	assert_int_equal(out_warning(c->out, SOCK_NETID_TCP, AF_INET6,
				     -EACCES),
			 0);
	assert_int_equal(out_warning(c->out, SOCK_NETID_UDP, AF_INET,
				     -EPROTONOSUPPORT),
			 0);
	doc = parse_doc(c);
	assert_int_equal(json_object_array_length(json_get(doc, "sockets")),
			 1);
	assert_int_equal(json_object_array_length(json_get(doc, "warnings")),
			 2);

	w = json_object_array_get_idx(json_get(doc, "warnings"), 0);
	assert_string_equal(json_object_get_string(json_get(w, "netid")),
			    "tcp");
	assert_string_equal(json_object_get_string(json_get(w, "family")),
			    "inet6");
	assert_string_equal(json_object_get_string(json_get(w, "error")),
			    "EACCES");
	assert_string_equal(json_object_get_string(json_get(w, "message")),
			    strerror(EACCES));

	w = json_object_array_get_idx(json_get(doc, "warnings"), 1);
	assert_string_equal(json_object_get_string(json_get(w, "error")),
			    "EPROTONOSUPPORT");
	json_object_put(doc);
	capture_free(c);
}

static void put_mixed(struct capture *c)
{
	struct sock_rec r[] = {
		tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, 0, 128),
		tcp6(SOCK_STATE_LISTEN, "::", 80, 1, 4096),
		tcp6(SOCK_STATE_LISTEN, "::", 8080, -1, 511),
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
	assert_int_equal(out_warning(c->out, SOCK_NETID_UDP, AF_INET6, -EPERM),
			 0);
}

static void json_pretty_parses_identically(void **state)
{
	struct options oc = json_opts(OUT_FORMAT_JSON, false);
	struct options op = json_opts(OUT_FORMAT_JSON, true);
	struct capture *compact = start(&oc), *pretty = start(&op);
	static const char head[] = "{\n  \"schema_version\": 1,\n"
				   "  \"sockets\": [\n    {\n"
				   "      \"netid\": \"tcp\",\n";
	struct json_object *a, *b;

	put_mixed(compact);
	put_mixed(pretty);
	a = parse_doc(compact);
	b = parse_doc(pretty);
	assert_true(json_object_equal(a, b));
	/* And it is indented: one member per line. */
	assert_memory_equal(pretty->text, head, sizeof(head) - 1);
	assert_true(pretty->len > compact->len);
	json_object_put(a);
	json_object_put(b);
	capture_free(compact);
	capture_free(pretty);
}

static void json_pretty_empty_document(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, true);
	struct capture *c = start(&o);

	assert_string_equal(finish(c), "{\n  \"schema_version\": 1,\n"
				       "  \"sockets\": [],\n"
				       "  \"warnings\": []\n}\n");
	capture_free(c);
}

/* More sockets than fit the 64 KiB write buffer: the document must not
 * tear where the buffer is flushed. */
static void json_many_sockets_across_flushes(void **state)
{
	const unsigned n = 3000;
	struct options o = json_opts(OUT_FORMAT_JSON, true);
	struct capture *c = start(&o);
	struct json_object *doc, *socks;

	for (unsigned i = 0; i < n; i++) {
		struct sock_rec r = tcp6(SOCK_STATE_LISTEN, "2001:db8::dead:beef",
					 (uint16_t)i, 1, i);
		put(c, &r);
	}
	doc = parse_doc(c);
	assert_true(c->len > 3 * OBUF_SIZE);
	socks = json_get(doc, "sockets");
	assert_int_equal(json_object_array_length(socks), n);
	for (unsigned i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(socks, i);
		assert_int_equal(json_object_get_int(json_get(s, "local_port")),
				 i);
		assert_int_equal(json_object_get_int(json_get(s, "send_q")),
				 i);
	}
	json_object_put(doc);
	capture_free(c);
}

static struct json_object *one_socket(const struct sock_rec *r,
				      struct capture **ret)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct json_object *doc, *s;

	put(c, r);
	doc = parse_doc(c);
	assert_int_equal(json_object_array_length(json_get(doc, "sockets")),
			 1);
	s = json_object_get(json_object_array_get_idx(json_get(doc, "sockets"),
						      0));
	json_object_put(doc);
	*ret = c;
	return s;
}

static void json_unix_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM,
				     SOCK_STATE_ESTABLISHED,
				     PATH("/tmp/ux-test.sock"), 10, 11);
	struct json_object *s;

	r.has_vfs = true;
	r.vfs_dev = 2049;
	r.vfs_inode = 5555;
	s = one_socket(&r, &c);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "unix");
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "u_str");
	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "/tmp/ux-test.sock");
	assert_false(json_object_get_boolean(json_get(s, "abstract")));
	assert_int_equal(json_object_get_int(json_get(s, "peer_inode")), 11);
	assert_int_equal(json_object_get_int(json_get(s, "inode")), 10);
	assert_int_equal(json_object_get_int(json_get(s, "vfs_dev")), 2049);
	assert_int_equal(json_object_get_int(json_get(s, "vfs_inode")), 5555);
	assert_false(json_has(s, "local_address"));
	assert_false(json_has(s, "local_port"));
	assert_false(json_has(s, "path_hex"));
	json_object_put(s);
	capture_free(c);
}

static void json_unix_abstract_and_unbound(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("\0abstract-name"), 10, 0);
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "@abstract-name");
	assert_true(json_object_get_boolean(json_get(s, "abstract")));
	assert_false(json_has(s, "peer_inode"));
	assert_false(json_has(s, "vfs_dev"));
	json_object_put(s);
	capture_free(c);

	r = unix_rec(SOCK_NETID_UNIX_DGRAM, SOCK_STATE_CLOSE, NULL, 0, 12, 0);
	s = one_socket(&r, &c);
	assert_false(json_has(s, "path"));
	assert_false(json_has(s, "abstract"));
	json_object_put(s);
	capture_free(c);
}

static void json_unix_path_not_utf8_has_hex(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("/run/\xff\n\""), 10, 0);
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "/run/\xef\xbf\xbd\n\"");
	assert_string_equal(json_object_get_string(json_get(s, "path_hex")),
			    "2f72756e2fff0a22");
	json_object_put(s);
	capture_free(c);
}

static void json_packet_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = {
		.netid = SOCK_NETID_PACKET_RAW,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = 0x86dd,
		.ifindex = 1,
		.inode = 9,
	};
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "packet");
	assert_int_equal(json_object_get_int(json_get(s, "protocol")), 0x86dd);
	assert_string_equal(json_object_get_string(json_get(s, "interface")),
			    "lo");
	assert_int_equal(json_object_get_int(json_get(s, "interface_index")),
			 1);
	assert_false(json_has(s, "local_address"));
	json_object_put(s);
	capture_free(c);
}

static void json_netlink_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = netlink_rec(4, 4242, 0);
	struct json_object *s;

	r.groups = 0x11;
	s = one_socket(&r, &c);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "netlink");
	assert_int_equal(json_object_get_int(json_get(s, "protocol")), 4);
	assert_string_equal(
		json_object_get_string(json_get(s, "protocol_name")),
		"tcpdiag");
	assert_int_equal(json_object_get_int(json_get(s, "portid")), 4242);
	assert_int_equal(json_object_get_int(json_get(s, "groups")), 0x11);
	assert_false(json_has(s, "peer_portid"));
	json_object_put(s);
	capture_free(c);

	r = netlink_rec(99, 0, 77);
	s = one_socket(&r, &c);
	assert_false(json_has(s, "protocol_name"));
	assert_int_equal(json_object_get_int(json_get(s, "peer_portid")), 77);
	json_object_put(s);
	capture_free(c);
}

static void ndjson_one_object_per_line(void **state)
{
	struct options o = json_opts(OUT_FORMAT_NDJSON, false);
	struct capture *c = start(&o);
	const char *p, *nl;
	unsigned lines = 0;
	static const uint16_t ports[] = {22, 80, 8080};

	put_mixed(c);
	p = finish(c);
	for (; *p; p = nl + 1, lines++) {
		struct json_object *s;

		nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(lines < 3);
		s = json_parse_strict(p, (size_t)(nl - p));
		assert_true(json_object_is_type(s, json_type_object));
		assert_int_equal(
			json_object_get_int(json_get(s, "schema_version")), 1);
		assert_int_equal(json_object_get_int(json_get(s, "local_port")),
				 ports[lines]);
		assert_string_equal(
			json_object_get_string(json_get(s, "netid")), "tcp");
		assert_false(json_has(s, "sockets"));
		json_object_put(s);
	}
	assert_int_equal(lines, 3);
	capture_free(c);
}

static void ndjson_no_sockets_no_output(void **state)
{
	struct options o = json_opts(OUT_FORMAT_NDJSON, false);
	struct capture *c = start(&o);

	assert_string_equal(finish(c), "");
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
	assert_int_equal(out_warning(c->out, SOCK_NETID_TCP, AF_INET, -EPERM),
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
		cmocka_unit_test(table_state_labels_like_ss),
		cmocka_unit_test(table_more_than_one_batch),
		cmocka_unit_test(table_later_batch_widens_only_itself),
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
		cmocka_unit_test(table_netlink_endpoints_like_ss),
		cmocka_unit_test(table_netlink_numeric),
		cmocka_unit_test(json_compact_exact_text),
		cmocka_unit_test(json_empty_document),
		cmocka_unit_test(json_fields_parse_strictly),
		cmocka_unit_test(json_warning_listed),
		cmocka_unit_test(json_pretty_parses_identically),
		cmocka_unit_test(json_pretty_empty_document),
		cmocka_unit_test(json_many_sockets_across_flushes),
		cmocka_unit_test(json_unix_keys),
		cmocka_unit_test(json_unix_abstract_and_unbound),
		cmocka_unit_test(json_unix_path_not_utf8_has_hex),
		cmocka_unit_test(json_packet_keys),
		cmocka_unit_test(json_netlink_keys),
		cmocka_unit_test(ndjson_one_object_per_line),
		cmocka_unit_test(ndjson_no_sockets_no_output),
		cmocka_unit_test(closed_pipe_end_is_epipe),
		cmocka_unit_test(closed_pipe_stops_sockets_early),
		cmocka_unit_test(free_null_is_fine),
	};

	return cmocka_run_group_tests(tests, ignore_sigpipe, NULL);
}
