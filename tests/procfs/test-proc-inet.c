// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * procfs_inet_parse() and the tcp/udp/raw header checks. The good lines
 * are copied from tests/fixtures/procfs/real (recorded on x86_64, so
 * little-endian address words); the bad ones are each one edit away.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "procfs-test.h"

#define TCP_LISTEN                                                             \
	"   0: 0100007F:1B59 00000000:0000 0A 00000000:00000000 00:00000000 "  \
	"00000000     0        0 1786819 1 00000000a8efd33d 100 0 0 10 0     "  \
	"              "
#define TCP_ESTAB_RQ                                                           \
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "  \
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1"
#define TCP_TIMEWAIT                                                           \
	"   2: 0100007F:1B62 0100007F:1B59 06 00000000:00000000 03:00001732 "  \
	"00000000     0        0 0 3 000000003a7402f4"
#define TCP6_MAPPED                                                            \
	"   2: 0000000000000000FFFF00000100007F:1B5A "                         \
	"0000000000000000FFFF00000100007F:DA64 01 00000000:00000000 "          \
	"00:00000000 00000000     0        0 1786824 1 00000000009347b7 20 0 " \
	"0 10 -1"
#define TCP6_LOOPBACK                                                          \
	"   1: 00000000000000000000000001000000:1B5B "                         \
	"00000000000000000000000000000000:0000 0A 00000000:00000000 "          \
	"00:00000000 00000000     0        0 1786837 1 00000000c5370d43 100 " \
	"0 0 10 0"
#define UDP_BOUND                                                              \
	"12884: 0100007F:1B5C 00000000:0000 07 00000000:00000340 00:00000000 " \
	"00000000     0        0 1789130 2 00000000bb749792 0       "
#define RAW_ICMP                                                               \
	" 178: 00000000:0001 00000000:0000 07 00000000:00000000 00:00000000 "  \
	"00000000     0        0 1789133 2 00000000c7b8da48 0"
#define RAW6_ICMPV6                                                            \
	"  176: 00000000000000000000000000000000:003A "                        \
	"00000000000000000000000000000000:0000 07 00000000:00000000 "          \
	"00:00000000 00000000     0        0 1789134 2 000000005112ef9c 0"

static void addr4(const uint8_t *got, const char *want)
{
	uint8_t w[16] = {0};

	assert_int_equal(inet_pton(AF_INET, want, w), 1);
	assert_memory_equal(got, w, 16); /* the tail stays zero */
}

static void addr6(const uint8_t *got, const char *want)
{
	uint8_t w[16];

	assert_int_equal(inet_pton(AF_INET6, want, w), 1);
	assert_memory_equal(got, w, 16);
}

static void tcp_listener_is_read(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP_LISTEN), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.netid, SOCK_NETID_TCP);
	assert_int_equal(r.source, SOCK_SOURCE_PROCFS);
	assert_int_equal(r.family, AF_INET);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
	addr4(r.local_addr, "127.0.0.1");
	assert_int_equal(r.local_port, 7001);
	addr4(r.peer_addr, "0.0.0.0");
	assert_int_equal(r.peer_port, 0);
	assert_int_equal(r.inode, 1786819);
	assert_int_equal(r.uid, 0);
	assert_true(r.has_uid);
	assert_false(r.has_cookie);
	assert_int_equal(r.v6only, -1);
	assert_null(r.path);
}

static void tcp_queues_are_tx_and_rx(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP_ESTAB_RQ), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.state, SOCK_STATE_ESTABLISHED);
	assert_int_equal(r.recv_q, 10);
	assert_int_equal(r.send_q, 0);
	assert_int_equal(r.peer_port, 0x961A);
}

static void tcp_timewait_has_short_tail(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP_TIMEWAIT), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.state, SOCK_STATE_TIME_WAIT);
	assert_int_equal(r.local_port, 7010);
	assert_int_equal(r.inode, 0);
}

static void tcp_syn_recv_request_is_read(void **state)
{
	/* get_openreq4: expire timer 1, refcount 0, no inode. */
	static const char line[] =
		"   7: 0100007F:1B59 0100007F:D431 03 00000000:00000000 "
		"01:00000064 00000000  1000        0 0 0 0000000000000000";
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(line), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.state, SOCK_STATE_SYN_RECV);
	assert_int_equal(r.uid, 1000);
}

static void tcp_short_tail_only_for_timewait_and_requests(void **state)
{
	static const char line[] =
		"   4: 0100007F:1B59 0100007F:961A 01 00000000:00000000 "
		"00:00000000 00000000     0        0 1786821 1 00000000cd5c8568";
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(line), AF_INET,
					   SOCK_NETID_TCP, &r),
			 -EBADMSG);
}

static void tcp_negative_timer_is_sixteen_digits(void **state)
{
	static const char line[] =
		"   0: 0100007F:1B59 0100007F:961A 01 00000000:00000000 "
		"01:FFFFFFFFFFFFFFF6 00000000     0        0 5 1 "
		"00000000cd5c8568 20 4 30 10 -1";
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(line), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.inode, 5);
}

static void tcp6_ipv4_mapped_is_sixteen_bytes(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP6_MAPPED), AF_INET6,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.family, AF_INET6);
	addr6(r.local_addr, "::ffff:127.0.0.1");
	addr6(r.peer_addr, "::ffff:127.0.0.1");
	assert_int_equal(r.local_port, 7002);
	assert_int_equal(r.peer_port, 0xDA64);
	assert_int_equal(r.inode, 1786824);
}

static void tcp6_loopback_is_read(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP6_LOOPBACK), AF_INET6,
					   SOCK_NETID_TCP, &r),
			 0);
	addr6(r.local_addr, "::1");
	addr6(r.peer_addr, "::");
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
}

static void udp_has_ref_pointer_drops(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(UDP_BOUND), AF_INET,
					   SOCK_NETID_UDP, &r),
			 0);
	assert_int_equal(r.netid, SOCK_NETID_UDP);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_int_equal(r.recv_q, 0x340);
	assert_int_equal(r.local_port, 7004);
	assert_int_equal(r.protocol, 0);
	/* A TCP tail is not a UDP tail, and the other way round. */
	assert_int_equal(procfs_inet_parse(LINE(TCP_LISTEN), AF_INET,
					   SOCK_NETID_UDP, &r),
			 -EBADMSG);
	assert_int_equal(procfs_inet_parse(LINE(UDP_BOUND), AF_INET,
					   SOCK_NETID_TCP, &r),
			 -EBADMSG);
}

static void raw_port_is_the_protocol(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(RAW_ICMP), AF_INET,
					   SOCK_NETID_RAW, &r),
			 0);
	assert_int_equal(r.netid, SOCK_NETID_RAW);
	assert_int_equal(r.protocol, 1);
	assert_int_equal(r.local_port, 1);
	assert_int_equal(procfs_inet_parse(LINE(RAW6_ICMPV6), AF_INET6,
					   SOCK_NETID_RAW, &r),
			 0);
	assert_int_equal(r.protocol, 58);
	assert_int_equal(r.family, AF_INET6);
}

static void family_must_match_address_width(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP6_MAPPED), AF_INET,
					   SOCK_NETID_TCP, &r),
			 -EBADMSG);
	assert_int_equal(procfs_inet_parse(LINE(TCP_LISTEN), AF_INET6,
					   SOCK_NETID_TCP, &r),
			 -EBADMSG);
}

static void unknown_family_or_table_is_einval(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(TCP_LISTEN), AF_UNIX,
					   SOCK_NETID_TCP, &r),
			 -EINVAL);
	assert_int_equal(procfs_inet_parse(LINE(TCP_LISTEN), AF_INET,
					   SOCK_NETID_SCTP, &r),
			 -EINVAL);
}

/* Each is TCP_ESTAB_RQ with one defect. */
static const char *const bad_lines[] = {
	/* hex digit out of range */
	"   4: 0100007G:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* 0x prefix in an 8-digit field */
	"   4: 0x00007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* a sign in a hex field */
	"   4: 0100007F:+B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* a sign in a decimal field */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000    +0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* seven address digits */
	"   4: 100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* five port digits */
	"   4: 0100007F:01B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* nine queue digits */
	"   4: 0100007F:1B59 0100007F:961A 01 000000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* state 0 and state 12 are not printed states */
	"   4: 0100007F:1B59 0100007F:961A 00 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	"   4: 0100007F:1B59 0100007F:961A 0C 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* uid past 32 bits */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000 4294967296        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* inode past 32 bits */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 4294967296 1 00000000cd5c8568 20 4 30 10 -1",
	/* too few fields */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0",
	/* one field too many */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1 7",
	/* garbage glued to the last field */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1x",
	/* a tab is not a separator */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821\t1 00000000cd5c8568 20 4 30 10 -1",
	/* no ':' after the line number */
	"   4 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 20 4 30 10 -1",
	/* a 12-digit pointer */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 0000cd5c8568 20 4 30 10 -1",
	/* '-' in an unsigned field */
	"   4: 0100007F:1B59 0100007F:961A 01 00000000:0000000A 00:00000000 "
	"00000000     0        0 1786821 1 00000000cd5c8568 -20 4 30 10 -1",
	"",
	"                                        ",
};

static void malformed_lines_are_refused(void **state)
{
	for (size_t i = 0; i < sizeof(bad_lines) / sizeof(bad_lines[0]); i++) {
		struct sock_rec r, before;

		memset(&r, 0xa5, sizeof(r));
		before = r;
		if (procfs_inet_parse(bad_lines[i], strlen(bad_lines[i]),
				      AF_INET, SOCK_NETID_TCP, &r) != -EBADMSG)
			fail_msg("bad line %zu was accepted", i);
		/* *ret is untouched on failure */
		assert_memory_equal(&r, &before, sizeof(r));
	}
}

static void nul_byte_is_refused(void **state)
{
	char line[sizeof(TCP_ESTAB_RQ)];
	struct sock_rec r;

	memcpy(line, TCP_ESTAB_RQ, sizeof(line));
	line[70] = '\0'; /* inside "00000000" after tr:when */
	assert_int_equal(procfs_inet_parse(line, sizeof(line) - 1, AF_INET,
					   SOCK_NETID_TCP, &r),
			 -EBADMSG);
}

static void lower_case_hex_is_read(void **state)
{
	static const char line[] =
		"   0: 0100007f:1b59 00000000:0000 0a 00000000:00000000 "
		"00:00000000 00000000     0        0 7 1 00000000a8efd33d 100 0 "
		"0 10 0";
	struct sock_rec r;

	assert_int_equal(procfs_inet_parse(LINE(line), AF_INET,
					   SOCK_NETID_TCP, &r),
			 0);
	assert_int_equal(r.local_port, 7001);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
}

#define HDR_TCP                                                                \
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when "  \
	"retrnsmt   uid  timeout inode"
#define HDR_TCP6                                                               \
	"  sl  local_address                         remote_address          " \
	"              st tx_queue rx_queue tr tm->when retrnsmt   uid  "      \
	"timeout inode"
#define HDR_UDP                                                                \
	"   sl  local_address rem_address   st tx_queue rx_queue tr tm->when " \
	"retrnsmt   uid  timeout inode ref pointer drops            "
#define HDR_UDP6                                                               \
	"  sl  local_address                         remote_address          " \
	"              st tx_queue rx_queue tr tm->when retrnsmt   uid  "      \
	"timeout inode ref pointer drops"

static void headers_are_checked_word_by_word(void **state)
{
	assert_true(procfs_tcp_header_ok(LINE(HDR_TCP)));
	assert_true(procfs_tcp_header_ok(LINE(HDR_TCP "          ")));
	assert_true(procfs_tcp6_header_ok(LINE(HDR_TCP6)));
	assert_true(procfs_udp_header_ok(LINE(HDR_UDP)));
	assert_true(procfs_udp6_header_ok(LINE(HDR_UDP6)));
	assert_true(procfs_raw_header_ok(LINE(HDR_UDP)));
	assert_true(procfs_raw6_header_ok(LINE(HDR_UDP6)));

	/* The v6 header says remote_address, the v4 one rem_address. */
	assert_false(procfs_tcp_header_ok(LINE(HDR_TCP6)));
	assert_false(procfs_tcp6_header_ok(LINE(HDR_TCP)));
	/* UDP's extra words are not TCP's, and TCP lacks them. */
	assert_false(procfs_tcp_header_ok(LINE(HDR_UDP)));
	assert_false(procfs_udp_header_ok(LINE(HDR_TCP)));
	assert_false(procfs_udp6_header_ok(LINE(HDR_UDP)));
	assert_false(procfs_tcp_header_ok(LINE(HDR_TCP " extra")));
	assert_false(procfs_tcp_header_ok(LINE("")));
	assert_false(procfs_tcp_header_ok(LINE("hello, world")));
	/* A word is compared whole, not as a prefix. */
	assert_false(procfs_tcp_header_ok(LINE(
		"  sl  local_address rem_address   st tx_queue rx_queue tr "
		"tm->when retrnsmt   uid  timeout inodes")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_listener_is_read),
		cmocka_unit_test(tcp_queues_are_tx_and_rx),
		cmocka_unit_test(tcp_timewait_has_short_tail),
		cmocka_unit_test(tcp_syn_recv_request_is_read),
		cmocka_unit_test(tcp_short_tail_only_for_timewait_and_requests),
		cmocka_unit_test(tcp_negative_timer_is_sixteen_digits),
		cmocka_unit_test(tcp6_ipv4_mapped_is_sixteen_bytes),
		cmocka_unit_test(tcp6_loopback_is_read),
		cmocka_unit_test(udp_has_ref_pointer_drops),
		cmocka_unit_test(raw_port_is_the_protocol),
		cmocka_unit_test(family_must_match_address_width),
		cmocka_unit_test(unknown_family_or_table_is_einval),
		cmocka_unit_test(malformed_lines_are_refused),
		cmocka_unit_test(nul_byte_is_refused),
		cmocka_unit_test(lower_case_hex_is_read),
		cmocka_unit_test(headers_are_checked_word_by_word),
	};

	return harness_run_group(tests, NULL, NULL);
}
