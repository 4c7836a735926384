// SPDX-License-Identifier: GPL-2.0-or-later
/* recpack: the compact records the table and --sort hold. What goes in
 * comes out, strings and detail bytes included, and a table record keeps
 * only what the table's cells are made of. */
#include <sys/socket.h>

#include "unit.h"

#include "output/recpack.h"

static char *pack(const struct sock_rec *rec, enum recpack_what what)
{
	size_t n = recpack_size(rec, what);
	char *buf = malloc(n);

	assert_non_null(buf);
	assert_int_equal(recpack_put(buf, rec, what), n);
	return buf;
}

static struct sock_rec tcp4(void)
{
	struct sock_rec r = {
		.netid = SOCK_NETID_TCP, .family = AF_INET, .state = 1,
		.v6only = -1, .local_port = 22, .peer_port = 50000,
		.recv_q = 7, .local_addr = {127, 0, 0, 1},
		.peer_addr = {10, 1, 2, 3}, .inode = 1234, .has_uid = true,
		.uid = 1000, .has_cookie = true, .cookie = 1ull << 40,
	};
	return r;
}

static void inet_table_keeps_its_cells(void **state)
{
	struct sock_rec in = tcp4(), out;
	char *buf = pack(&in, RECPACK_TABLE);

	assert_true(recpack_size(&in, RECPACK_TABLE) <= 24);
	assert_int_equal(recpack_get(buf, &out), recpack_size(&in,
							      RECPACK_TABLE));
	assert_int_equal(out.netid, SOCK_NETID_TCP);
	assert_int_equal(out.family, AF_INET);
	assert_int_equal(out.v6only, -1);
	assert_int_equal(out.local_port, 22);
	assert_int_equal(out.peer_port, 50000);
	assert_int_equal(out.recv_q, 7);
	assert_int_equal(out.send_q, 0);
	assert_memory_equal(out.local_addr, in.local_addr, 16);
	assert_memory_equal(out.peer_addr, in.peer_addr, 16);
	/* Not table cells: left out. */
	assert_int_equal(out.inode, 0);
	assert_false(out.has_uid);
	free(buf);
}

static void all_round_trips(void **state)
{
	struct sock_rec in = tcp4(), out;
	static const char cong[] = "cubic";
	static const uint8_t info[40] = {1, 2, 3, 4, 5};
	char *buf;

	in.family = AF_INET6;
	memset(in.local_addr, 0xab, 16);
	in.send_q = 9;
	in.ifindex = 3;
	in.has_mark = true;
	in.mark = 0x10;
	in.detail.has_timer = true;
	in.detail.expires_ms = 99;
	in.detail.cong = cong;
	in.detail.cong_len = 5;
	in.detail.info_kind = SOCK_INFO_TCP;
	in.detail.info = info;
	in.detail.info_len = sizeof(info);
	buf = pack(&in, RECPACK_ALL);
	recpack_get(buf, &out);
	assert_int_equal(out.family, AF_INET6);
	assert_memory_equal(out.local_addr, in.local_addr, 16);
	assert_int_equal(out.send_q, 9);
	assert_int_equal(out.ifindex, 3);
	assert_int_equal(out.inode, 1234);
	assert_true(out.has_uid);
	assert_int_equal(out.uid, 1000);
	assert_int_equal(out.cookie, 1ull << 40);
	assert_true(out.has_mark);
	assert_int_equal(out.mark, 0x10);
	assert_int_equal(out.detail.expires_ms, 99);
	/* The detail's bytes live in the packed record now. */
	assert_int_equal(out.detail.cong_len, 5);
	assert_memory_equal(out.detail.cong, "cubic", 5);
	assert_true(out.detail.cong >= buf);
	assert_int_equal(out.detail.info_len, sizeof(info));
	assert_memory_equal(out.detail.info, info, sizeof(info));
	assert_null(out.detail.ulp);
	free(buf);
}

static void unix_path_and_netlink(void **state)
{
	struct sock_rec in = {
		.netid = SOCK_NETID_UNIX_STREAM, .family = AF_UNIX,
		.state = 10, .v6only = -1, .path = "\0abstract",
		.path_len = 9, .inode = 5, .peer_inode = 6, .has_vfs = true,
		.vfs_dev = 7, .vfs_inode = 8,
	}, out;
	char *buf = pack(&in, RECPACK_ALL);

	recpack_get(buf, &out);
	assert_int_equal(out.path_len, 9);
	assert_memory_equal(out.path, "\0abstract", 9);
	assert_int_equal(out.peer_inode, 6);
	assert_true(out.has_vfs);
	assert_int_equal(out.vfs_inode, 8);
	free(buf);

	in = (struct sock_rec){
		.netid = SOCK_NETID_NETLINK, .family = AF_NETLINK,
		.protocol = 4, .portid = 77, .nl_connected = true,
		.groups = 0x5,
	};
	buf = pack(&in, RECPACK_ALL);
	recpack_get(buf, &out);
	assert_int_equal(out.protocol, 4);
	assert_int_equal(out.portid, 77);
	assert_true(out.nl_connected);
	assert_int_equal(out.groups, 5);
	assert_null(out.path);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(inet_table_keeps_its_cells),
		cmocka_unit_test(all_round_trips),
		cmocka_unit_test(unix_path_and_netlink),
	};

	return harness_run_group(tests, NULL, NULL);
}
