// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parsers of the files without IP addresses: procfs_unix_parse(),
 * procfs_packet_parse(), procfs_netlink_parse(), and their headers. Good
 * lines come from tests/fixtures/procfs/real.
 */
#include <sys/socket.h>

#include "procfs-test.h"

#define UNIX_LISTEN                                                            \
	"000000002b0f95c2: 00000002 00000000 00010000 0001 01 1786843 "       \
	"/tmp/sockscope-capture/listen.sock"
#define UNIX_EMBRYO                                                            \
	"000000007db4b729: 00000003 00000000 00000000 0001 02     0 "         \
	"/tmp/sockscope-capture/listen.sock"
#define UNIX_PAIR "00000000f828cddd: 00000003 00000000 00000000 0001 03 1786849"
#define UNIX_DGRAM                                                             \
	"0000000000933bf0: 00000002 00000000 00000000 0002 01 1786851 "       \
	"/tmp/sockscope-capture/dgram.sock"
#define UNIX_SEQ                                                               \
	"00000000614bafcc: 00000002 00000000 00010000 0005 01 1786852 "       \
	"/tmp/sockscope-capture/seq.sock"
#define UNIX_SPACES                                                            \
	"0000000008d8088e: 00000002 00000000 00010000 0001 01 1786845 "       \
	"/tmp/sockscope-capture/with two spaces.sock"
#define UNIX_ABSTRACT                                                          \
	"000000009f8c12ce: 00000002 00000000 00010000 0001 01 1786846 "       \
	"@sockscope-abstract"

static void unix_listener_is_read(void **state)
{
	static const char path[] = "/tmp/sockscope-capture/listen.sock";
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	assert_int_equal(procfs_unix_parse(LINE(UNIX_LISTEN), buf, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_STREAM);
	assert_int_equal(r.family, AF_UNIX);
	assert_int_equal(r.source, SOCK_SOURCE_PROCFS);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
	assert_int_equal(r.inode, 1786843);
	assert_ptr_equal(r.path, buf);
	assert_int_equal(r.path_len, sizeof(path) - 1);
	assert_memory_equal(r.path, path, sizeof(path) - 1);
	assert_false(r.has_uid);
	assert_false(r.has_cookie);
	assert_int_equal(r.v6only, -1);
}

static void unix_states_follow_sk_state(void **state)
{
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	/* SS_CONNECTED */
	assert_int_equal(procfs_unix_parse(LINE(UNIX_PAIR), buf, &r), 0);
	assert_int_equal(r.state, SOCK_STATE_ESTABLISHED);
	assert_null(r.path);
	assert_int_equal(r.path_len, 0);
	/* SS_CONNECTING: an embryo not yet accepted, inode 0 */
	assert_int_equal(procfs_unix_parse(LINE(UNIX_EMBRYO), buf, &r), 0);
	assert_int_equal(r.state, SOCK_STATE_ESTABLISHED);
	assert_int_equal(r.inode, 0);
	/* SS_UNCONNECTED */
	assert_int_equal(procfs_unix_parse(LINE(UNIX_DGRAM), buf, &r), 0);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_DGRAM);
	/* SS_DISCONNECTING */
	assert_int_equal(
		procfs_unix_parse(LINE("00000000f828cddd: 00000001 00000000 "
				       "00000000 0001 04 7"),
				  buf, &r),
		0);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
}

static void unix_seqpacket_is_u_seq(void **state)
{
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	assert_int_equal(procfs_unix_parse(LINE(UNIX_SEQ), buf, &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_UNIX_SEQPACKET);
	assert_int_equal(r.state, SOCK_STATE_LISTEN);
}

static void unix_path_keeps_its_spaces(void **state)
{
	static const char path[] = "/tmp/sockscope-capture/with two spaces.sock";
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	assert_int_equal(procfs_unix_parse(LINE(UNIX_SPACES), buf, &r), 0);
	assert_int_equal(r.path_len, sizeof(path) - 1);
	assert_memory_equal(r.path, path, sizeof(path) - 1);

	/* A name that starts and ends with a space: one space separates it
	 * from the inode, the others are the name's. */
	assert_int_equal(
		procfs_unix_parse(LINE("00000000f828cddd: 00000002 00000000 "
				       "00000000 0002 01 9  odd name "),
				  buf, &r),
		0);
	assert_int_equal(r.path_len, 10);
	assert_memory_equal(r.path, " odd name ", 10);
}

static void unix_abstract_gets_its_nul_back(void **state)
{
	static const char name[] = "\0sockscope-abstract";
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	assert_int_equal(procfs_unix_parse(LINE(UNIX_ABSTRACT), buf, &r), 0);
	assert_int_equal(r.path_len, sizeof(name) - 1);
	assert_memory_equal(r.path, name, sizeof(name) - 1);
}

static void unix_path_length_is_bounded(void **state)
{
	char line[256], buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;
	int n = snprintf(line, sizeof(line),
			 "00000000f828cddd: 00000002 00000000 00000000 0002 "
			 "01 9 /");

	/* sun_path is 108 bytes: a 108-byte name is the longest. */
	memset(line + n, 'a', PROCFS_UNIX_PATH_MAX - 1);
	assert_int_equal(procfs_unix_parse(line, (size_t)n + 107, buf, &r), 0);
	assert_int_equal(r.path_len, PROCFS_UNIX_PATH_MAX);
	line[n + 107] = 'a';
	assert_int_equal(procfs_unix_parse(line, (size_t)n + 108, buf, &r),
			 -EBADMSG);
}

static const char *const unix_bad[] = {
	/* an empty name: the first byte of the name was '\n' */
	"00000000f828cddd: 00000002 00000000 00000000 0002 01 9 ",
	/* SOCK_RAW is never a unix type the kernel keeps */
	"00000000f828cddd: 00000002 00000000 00000000 0003 01 9",
	/* St is 1 to 4 */
	"00000000f828cddd: 00000002 00000000 00000000 0001 05 9",
	"00000000f828cddd: 00000002 00000000 00000000 0001 00 9",
	/* the pointer's ':' is missing */
	"00000000f828cddd 00000002 00000000 00000000 0001 01 9",
	/* Flags is 8 digits */
	"00000000f828cddd: 00000002 00000000 0010000 0001 01 9",
	/* Type is 4 digits */
	"00000000f828cddd: 00000002 00000000 00010000 001 01 9",
	/* the inode is decimal */
	"00000000f828cddd: 00000002 00000000 00000000 0001 01 9A",
	/* too few fields */
	"00000000f828cddd: 00000002 00000000 00000000 0001 01",
	/* a continuation line, as a '\n' in a name leaves it */
	"line.sock",
	"",
};

static void unix_malformed_lines_are_refused(void **state)
{
	for (size_t i = 0; i < sizeof(unix_bad) / sizeof(unix_bad[0]); i++) {
		char buf[PROCFS_UNIX_PATH_MAX];
		struct sock_rec r, before;

		memset(&r, 0x5a, sizeof(r));
		before = r;
		if (procfs_unix_parse(unix_bad[i], strlen(unix_bad[i]), buf,
				      &r) != -EBADMSG)
			fail_msg("bad unix line %zu was accepted", i);
		assert_memory_equal(&r, &before, sizeof(r));
	}
}

static void unix_nul_in_name_is_refused(void **state)
{
	static const char line[] = "00000000f828cddd: 00000002 00000000 "
				   "00000000 0002 01 9 /a\0b";
	char buf[PROCFS_UNIX_PATH_MAX];
	struct sock_rec r;

	assert_int_equal(procfs_unix_parse(LINE(line), buf, &r), -EBADMSG);
}

#define PACKET_RAW                                                             \
	"00000000b4ea1179 3      3    0003   0     1 0      0      1789145"
#define PACKET_DGRAM                                                           \
	"000000009e2570d9 3      2    0800   1     1 0      0      1789146"

static void packet_raw_and_dgram_are_read(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_packet_parse(LINE(PACKET_RAW), &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_PACKET_RAW);
	assert_int_equal(r.family, AF_PACKET);
	assert_int_equal(r.protocol, 0x0003); /* ETH_P_ALL */
	assert_int_equal(r.ifindex, 0);
	assert_int_equal(r.inode, 1789145);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_true(r.has_uid);
	assert_int_equal(r.uid, 0);

	assert_int_equal(procfs_packet_parse(LINE(PACKET_DGRAM), &r), 0);
	assert_int_equal(r.netid, SOCK_NETID_PACKET_DGRAM);
	assert_int_equal(r.protocol, 0x0800); /* ETH_P_IP, host order */
	assert_int_equal(r.ifindex, 1);
}

static void packet_user_and_rmem_are_read(void **state)
{
	struct sock_rec r;

	assert_int_equal(
		procfs_packet_parse(LINE("00000000b4ea1179 3      3    86dd   "
					 "12    0 4352   1000   42"),
				    &r),
		0);
	assert_int_equal(r.uid, 1000);
	assert_int_equal(r.recv_q, 4352);
	assert_int_equal(r.protocol, 0x86dd);
	assert_int_equal(r.ifindex, 12);
	/* SOCK_PACKET reads as p_dgr, as in ss. */
	assert_int_equal(
		procfs_packet_parse(LINE("00000000b4ea1179 3      10   0003   "
					 "0     1 0      0      43"),
				    &r),
		0);
	assert_int_equal(r.netid, SOCK_NETID_PACKET_DGRAM);
}

static const char *const packet_bad[] = {
	/* type 5 is no packet socket */
	"00000000b4ea1179 3      5    0003   0     1 0      0      1",
	/* Proto is 4 digits */
	"00000000b4ea1179 3      3    00003  0     1 0      0      1",
	/* R is 0 or 1 */
	"00000000b4ea1179 3      3    0003   0     2 0      0      1",
	/* a negative ifindex */
	"00000000b4ea1179 3      3    0003   -1    1 0      0      1",
	/* a field too many (a Drops column this header does not have) */
	"00000000b4ea1179 3      3    0003   0     1 0      0      1 0",
	"00000000b4ea1179 3      3    0003   0     1 0      0",
};

static void packet_malformed_lines_are_refused(void **state)
{
	for (size_t i = 0; i < sizeof(packet_bad) / sizeof(packet_bad[0]);
	     i++) {
		struct sock_rec r;

		if (procfs_packet_parse(packet_bad[i], strlen(packet_bad[i]),
					&r) != -EBADMSG)
			fail_msg("bad packet line %zu was accepted", i);
	}
}

#define NETLINK_ROUTE_LINE                                                     \
	"000000009e19181f 0   13541      00000011 0        0        0     2 " \
	"       0        1789147 "

static void netlink_is_read(void **state)
{
	struct sock_rec r;

	assert_int_equal(procfs_netlink_parse(LINE(NETLINK_ROUTE_LINE), &r),
			 0);
	assert_int_equal(r.netid, SOCK_NETID_NETLINK);
	assert_int_equal(r.family, AF_NETLINK);
	assert_int_equal(r.protocol, 0); /* NETLINK_ROUTE */
	assert_int_equal(r.portid, 13541);
	assert_int_equal(r.groups, 0x11);
	assert_int_equal(r.inode, 1789147);
	assert_int_equal(r.state, SOCK_STATE_CLOSE);
	assert_false(r.has_uid);

	assert_int_equal(
		procfs_netlink_parse(LINE("000000009e19181f 16  4294967295 "
					  "ffffffff 2304     768      1     3 "
					  "       5        12"),
				     &r),
		0);
	assert_int_equal(r.protocol, 16);
	assert_int_equal(r.portid, 4294967295u);
	assert_int_equal(r.groups, 0xffffffffu);
	assert_int_equal(r.recv_q, 2304);
	assert_int_equal(r.send_q, 768);
}

static const char *const netlink_bad[] = {
	/* Groups is 8 digits */
	"000000009e19181f 0   13541      0000011 0        0        0     2 "
	"       0        1",
	/* a negative Rmem */
	"000000009e19181f 0   13541      00000011 -1       0        0     2 "
	"       0        1",
	/* Dump is 0 or 1 */
	"000000009e19181f 0   13541      00000011 0        0        2     2 "
	"       0        1",
	/* portid past 32 bits */
	"000000009e19181f 0   4294967296 00000011 0        0        0     2 "
	"       0        1",
	/* one field short */
	"000000009e19181f 0   13541      00000011 0        0        0     2 "
	"       0",
	/* a 10-digit pointer */
	"009e19181f 0   13541      00000011 0        0        0     2 "
	"       0        1",
};

static void netlink_malformed_lines_are_refused(void **state)
{
	for (size_t i = 0; i < sizeof(netlink_bad) / sizeof(netlink_bad[0]);
	     i++) {
		struct sock_rec r;

		if (procfs_netlink_parse(netlink_bad[i],
					 strlen(netlink_bad[i]),
					 &r) != -EBADMSG)
			fail_msg("bad netlink line %zu was accepted", i);
	}
}

static void local_headers_are_checked(void **state)
{
	assert_true(procfs_unix_header_ok(
		LINE("Num       RefCount Protocol Flags    Type St Inode Path")));
	assert_false(procfs_unix_header_ok(
		LINE("Num       RefCount Protocol Flags    Type St Inode")));
	assert_true(procfs_packet_header_ok(
		LINE("sk               RefCnt Type Proto  Iface R Rmem   User   "
		     "Inode")));
	/* the 32-bit layout pads "sk" less */
	assert_true(procfs_packet_header_ok(
		LINE("sk       RefCnt Type Proto  Iface R Rmem   User   Inode")));
	assert_false(procfs_packet_header_ok(
		LINE("sk               RefCnt Type Proto  Iface R Rmem   User   "
		     "Inode   Drops")));
	assert_true(procfs_netlink_header_ok(
		LINE("sk               Eth Pid        Groups   Rmem     Wmem     "
		     "Dump  Locks    Drops    Inode")));
	assert_false(procfs_netlink_header_ok(
		LINE("sk               RefCnt Type Proto  Iface R Rmem   User   "
		     "Inode")));
	assert_false(procfs_unix_header_ok(LINE("")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unix_listener_is_read),
		cmocka_unit_test(unix_states_follow_sk_state),
		cmocka_unit_test(unix_seqpacket_is_u_seq),
		cmocka_unit_test(unix_path_keeps_its_spaces),
		cmocka_unit_test(unix_abstract_gets_its_nul_back),
		cmocka_unit_test(unix_path_length_is_bounded),
		cmocka_unit_test(unix_malformed_lines_are_refused),
		cmocka_unit_test(unix_nul_in_name_is_refused),
		cmocka_unit_test(packet_raw_and_dgram_are_read),
		cmocka_unit_test(packet_user_and_rmem_are_read),
		cmocka_unit_test(packet_malformed_lines_are_refused),
		cmocka_unit_test(netlink_is_read),
		cmocka_unit_test(netlink_malformed_lines_are_refused),
		cmocka_unit_test(local_headers_are_checked),
	};

	return harness_run_group(tests, NULL, NULL);
}
