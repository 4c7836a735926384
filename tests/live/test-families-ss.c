// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The table of one socket of every kind (families.c) against ss's, in
 * the same private network namespace: the same rows, token by token, for
 * unix, packet (with every ethertype name ss knows), raw, netlink, tcp,
 * udp and MPTCP, with and without -n.
 *
 * What is left out, and why: ss's Process column (empty without -p);
 * sock_diag's netlink sockets, whose queues hold the dump request of the
 * program that lists them; and the abstract unix name with a NUL inside,
 * which ss prints with '@' for the NUL and sockscope escapes as \x00,
 * as it does every control byte.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "check.h"
#include "families.h"
#include "netns.h"
#include "spawn.h"

static struct families fams;
static uint32_t uid;
static const char *ss_path;

#define ARGS(...) ((const char *const[]){"sockscope", __VA_ARGS__, NULL})

static struct spawn_result run(const char *const *argv)
{
	struct spawn_result r;
	int e = spawn_run(spawn_sockscope_path(), argv, SPAWN_STDOUT_PIPE, &r);

	if (e < 0)
		fail_msg("cannot run sockscope: %s", strerror(-e));
	return r;
}

static int setup(void **state)
{
	families_make(&fams, uid);
	return 0;
}

static int teardown(void **state)
{
	families_done(&fams);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The rows of a -H table as sorted strings of their tokens. Rows with a
 * token equal to @skip are left out, and so are, in a netlink table
 * (@netlink), sock_diag's sockets, whose queues hold the dump request of
 * the program that lists them. With @dedup, repeated rows count once: ss
 * prints a netlink socket with groups twice, as the kernel dumps it from
 * both its port table and its group list; sockscope prints it once.
 */
static char **rows_of(char *text, const char *skip, bool netlink, bool dedup,
		      size_t *ret_n)
{
	size_t n, k = 0;
	struct check_row *rows = check_rows(text, &n);
	char **v = calloc(n ? n : 1, sizeof(*v));

	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		const struct check_row *r = &rows[i];
		char line[1024] = "";
		bool drop = r->ntok == 0;

		/* State Recv-Q Send-Q proto:port peer */
		if (netlink && r->ntok > 3)
			drop |= strncmp(r->tok[3], "tcpdiag:", 8) == 0 ||
				strncmp(r->tok[3], "4:", 2) == 0;
		for (size_t t = 0; t < r->ntok; t++) {
			drop |= skip && strcmp(r->tok[t], skip) == 0;
			snprintf(line + strlen(line),
				 sizeof(line) - strlen(line), "%s%s",
				 t ? " " : "", r->tok[t]);
		}
		if (drop)
			continue;
		v[k] = strdup(line);
		assert_non_null(v[k]);
		k++;
	}
	check_rows_free(rows, n);
	qsort(v, k, sizeof(*v), cmp_str);
	if (dedup) {
		size_t u = 0;

		for (size_t i = 0; i < k; i++) {
			if (u && strcmp(v[u - 1], v[i]) == 0) {
				free(v[i]);
				continue;
			}
			v[u++] = v[i];
		}
		k = u;
	}
	*ret_n = k;
	return v;
}

#define SS(...) ((const char *const[]){"ss", "-a", "-H", __VA_ARGS__, NULL})
#define ME(...) ARGS("-a", "-H", __VA_ARGS__)

/* ss and sockscope, each with its arguments, print the same rows token
 * by token (ss's Process column is empty without -p), at least @min. */
static void table_like_ss(const char *const *ss_argv, const char *const *argv,
			  const char *skip, size_t min)
{
	bool netlink = false;
	struct spawn_result ss, me;
	char **a, **b;
	size_t na, nb;

	if (!ss_path)
		skip();
	for (size_t i = 0; argv[i]; i++)
		netlink |= strcmp(argv[i], "netlink") == 0;
	assert_int_equal(spawn_run(ss_path, ss_argv, SPAWN_STDOUT_PIPE, &ss),
			 0);
	if (!ss.exited || ss.status != 0)
		fail_msg("ss %s failed (%d): %s", ss_argv[3], ss.status,
			 ss.err);
	me = run(argv);
	if (!me.exited || me.status != 0 || me.err_len)
		fail_msg("sockscope %s failed (%d): %s", argv[3], me.status,
			 me.err);

	a = rows_of(ss.out, skip, netlink, true, &na);
	b = rows_of(me.out, skip, netlink, false, &nb);
	for (size_t i = 0, k = 0; i < na || k < nb;) {
		int c = i == na ? 1 : k == nb ? -1 : strcmp(a[i], b[k]);

		if (c == 0) {
			i++, k++;
			continue;
		}
		/* The whole difference before failing. */
		for (; i < na; i++)
			print_error("ss %s:        %s\n", ss_argv[3], a[i]);
		for (; k < nb; k++)
			print_error("sockscope %s: %s\n", argv[3], b[k]);
		fail_msg("%s: ss and sockscope print different rows",
			 ss_argv[3]);
	}
	if (nb < min)
		fail_msg("%s: %zu rows, want at least %zu", argv[3], nb, min);
	for (size_t i = 0; i < na; i++)
		free(a[i]);
	for (size_t k = 0; k < nb; k++)
		free(b[k]);
	free(a);
	free(b);
	spawn_result_done(&ss);
	spawn_result_done(&me);
}

static void table_unix_like_ss(void **state)
{
	char inode[24] = "";

	/* The abstract name with a NUL inside: ss prints the NUL as '@',
	 * sockscope escapes it as \x00, as every control byte. */
	for (size_t i = 0; i < fams.n; i++)
		if (strstr(fams.v[i].what, "with NUL"))
			snprintf(inode, sizeof(inode), "%" PRIu64,
				 fams.v[i].inode);
	assert_true(inode[0]);
	table_like_ss(SS("-x"), ME("-x"), inode,
		      families_count(&fams, "u_") - 1);
	table_like_ss(SS("-xn"), ME("-xn"), inode,
		      families_count(&fams, "u_") - 1);
}

static void table_packet_like_ss(void **state)
{
	/* Protocol 0 is "[0]", ETH_P_ALL "*". */
	table_like_ss(SS("-0"), ME("-0"), NULL, families_count(&fams, "p_"));
	/* -n: ethertypes as "[2048]", but ETH_P_ALL still "*". */
	table_like_ss(SS("-0n"), ME("-0n"), NULL, families_count(&fams, "p_"));
}

/* Every ethertype ss has a name for (iproute2 6.1 lib/ll_proto.c), and
 * two it has none for, each on a packet socket of its own for the
 * length of this test. */
static void table_packet_protocol_names_like_ss(void **state)
{
	static const uint16_t protos[] = {
	    0x0001, 0x0002, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008, 0x0009,
	    0x000c, 0x0010, 0x0011, 0x0015, 0x0016, 0x0017, 0x0018, 0x0060,
	    0x0200, 0x0201, 0x0800, 0x0805, 0x0806, 0x08ff, 0x0a00, 0x0a01,
	    0x6000, 0x6001, 0x6002, 0x6003, 0x6004, 0x6005, 0x6006, 0x6007,
	    0x6558, 0x8035, 0x809b, 0x80f3, 0x8100, 0x8137, 0x86dd, 0x8847,
	    0x8848, 0x884c, 0x8863, 0x8864, 0x8884, 0x8892, 0x88a2, 0x88a4,
	    0x88a8, 0x88ca, 0x88cc, 0x88b5, 0xffff};
	enum { N = sizeof(protos) / sizeof(protos[0]) };
	int fds[N];

	for (size_t i = 0; i < N; i++)
		fds[i] = families_packet_open(SOCK_RAW, protos[i], NULL);
	table_like_ss(SS("-0"), ME("-0"), NULL,
		      N + families_count(&fams, "p_"));
	table_like_ss(SS("-0n"), ME("-0n"), NULL,
		      N + families_count(&fams, "p_"));
	for (size_t i = 0; i < N; i++)
		close(fds[i]);
}

static void table_raw_like_ss(void **state)
{
	table_like_ss(SS("-w"), ME("-w"), NULL, 2);
	table_like_ss(SS("-wn"), ME("-wn"), NULL, 2);
}

static void table_netlink_like_ss(void **state)
{
	/* ss -A netlink prints nothing at all (an ss quirk): ss is asked
	 * with -f netlink. Port ids as "comm/pid", "kernel" or negative,
	 * peers as "group:portid". */
	table_like_ss(SS("-f", "netlink"), ME("-A", "netlink"), NULL,
		      families_count(&fams, "nl"));
	table_like_ss(SS("-n", "-f", "netlink"), ME("-n", "-A", "netlink"),
		      NULL, families_count(&fams, "nl"));
}

static void table_inet_like_ss(void **state)
{
	table_like_ss(SS("-t"), ME("-t"), NULL, families_count(&fams, "tcp"));
	table_like_ss(SS("-u"), ME("-u"), NULL, families_count(&fams, "udp"));
	if (!fams.mptcp)
		skip();
	table_like_ss(SS("-M"), ME("-M"), NULL, families_count(&fams, "mptcp"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(table_unix_like_ss),
	    cmocka_unit_test(table_packet_like_ss),
	    cmocka_unit_test(table_packet_protocol_names_like_ss),
	    cmocka_unit_test(table_raw_like_ss),
	    cmocka_unit_test(table_netlink_like_ss),
	    cmocka_unit_test(table_inet_like_ss),
	};

	if (access("/usr/bin/ss", X_OK) == 0)
		ss_path = "/usr/bin/ss";
	else if (access("/bin/ss", X_OK) == 0)
		ss_path = "/bin/ss";
	uid = netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
