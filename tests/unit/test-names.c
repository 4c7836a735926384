// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The names stage on its own: what each lookup answers without the
 * options that ask for it (-n, -r, -p), the process names it reads under
 * --proc-root (a fake one here), and that it never names what it cannot.
 */
#include <ftw.h>

#include "unit.h"

#include "src/names/names.h"
#include "src/options.h"
#include "src/util/num.h"

static char root[64];

static void put_stat(const char *pid, const char *text)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", root, pid);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/%s/stat", root, pid);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static int setup(void **state)
{
	strcpy(root, "/tmp/sockscope-names-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put_stat("100", "100 (web) S 1 100 100 0");
	/* A name may hold ')' and blanks: it runs to the last ')'. */
	put_stat("200", "200 (a) b (c)) R 1 1 1 0");
	put_stat("300", "300 () S 1");
	put_stat("400", "400 (no end S 1");
	return 0;
}

static int teardown(void **state)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static struct names *make(const struct options *o)
{
	struct names *n;

	assert_int_equal(names_new(o, NULL, &n), 0);
	return n;
}

static void numeric_names_no_port_or_protocol(void **state)
{
	struct options o = {.numeric = true};
	struct names *n = make(&o);

	assert_null(names_service(n, 22, SOCK_NETID_TCP));
	assert_null(names_protocol(n, 1));
	names_free(n);
	o.numeric = false;
	n = make(&o);
	/* Port and protocol 0 are "*", never a word; nor a protocol past
	 * IP's 255. */
	assert_null(names_service(n, 0, SOCK_NETID_TCP));
	assert_null(names_protocol(n, 0));
	assert_null(names_protocol(n, 256));
	names_free(n);
}

static void port_range_text(void **state)
{
	uint16_t lo = 1, hi = 2;

	assert_int_equal(num_parse_port_range("32768\t60999\n", 12, &lo,
						&hi),
			 0);
	assert_int_equal(lo, 32768);
	assert_int_equal(hi, 60999);
	assert_int_equal(num_parse_port_range("1 1", 3, &lo, &hi), 0);
	assert_int_equal(lo, 1);
	lo = hi = 7;
	assert_int_equal(num_parse_port_range("60999\t32768\n", 12, &lo,
						&hi),
			 -EINVAL);
	assert_int_equal(num_parse_port_range("1 70000", 7, &lo, &hi),
			 -EINVAL);
	assert_int_equal(num_parse_port_range("1", 1, &lo, &hi), -EINVAL);
	assert_int_equal(num_parse_port_range("1 2 3", 5, &lo, &hi),
			 -EINVAL);
	assert_int_equal(num_parse_port_range("", 0, &lo, &hi), -EINVAL);
	assert_int_equal(lo, 7); /* untouched on failure */
}

/* A port in the kernel's ephemeral range keeps its number, as in ss. */
static void ephemeral_ports_are_not_named(void **state)
{
	struct options o = {.proc_root = root};
	struct names *n;
	char path[160];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/net", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/net/ipv4", root);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/net/ipv4/ip_local_port_range",
		 root);
	f = fopen(path, "we");
	assert_non_null(f);
	fputs("20\t30\n", f);
	fclose(f);
	n = make(&o);
	assert_null(names_service(n, 22, SOCK_NETID_TCP));
	names_free(n);
	if (access("/etc/services", R_OK) != 0)
		return; /* no names to compare with */
	f = fopen(path, "we");
	assert_non_null(f);
	fputs("1000\t2000\n", f);
	fclose(f);
	n = make(&o);
	assert_non_null(names_service(n, 22, SOCK_NETID_TCP));
	assert_string_equal(names_service(n, 22, SOCK_NETID_TCP), "ssh");
	names_free(n);
}

static void hosts_only_with_resolve(void **state)
{
	struct options o = {0};
	struct names *n = make(&o);
	const uint8_t loopback[16] = {127, 0, 0, 1}, any[16] = {0};

	assert_false(names_hosts_wanted(n));
	assert_null(names_host(n, AF_INET, loopback));
	names_free(n);
	o.resolve = true;
	n = make(&o);
	assert_true(names_hosts_wanted(n));
	/* A wildcard is never looked up. */
	assert_null(names_host(n, AF_INET, any));
	assert_null(names_host(n, AF_INET6, any));
	names_free(n);
}

static void pid_comm_from_proc_root(void **state)
{
	struct options o = {.proc_root = root};
	struct names *n = make(&o);
	const char *name;
	size_t len = 0;

	name = names_pid_comm(n, 100, &len);
	assert_non_null(name);
	assert_int_equal(len, 3);
	assert_memory_equal(name, "web", 3);
	name = names_pid_comm(n, 200, &len);
	assert_non_null(name);
	assert_int_equal(len, 8);
	assert_memory_equal(name, "a) b (c)", 8);
	len = 7;
	assert_null(names_pid_comm(n, 300, &len)); /* empty name */
	assert_null(names_pid_comm(n, 400, &len)); /* no ')' */
	assert_null(names_pid_comm(n, 500, &len)); /* no such process */
	assert_int_equal(len, 7);                  /* untouched */
	names_free(n);
}

static void ifname_cgroup_and_owners(void **state)
{
	struct options o = {0};
	struct names *n = make(&o);
	size_t count = 9;

	/* Index 1 is the loopback in every network namespace; an index no
	 * device has reads as "if" and its number, as ss. */
	assert_string_equal(names_ifname(n, 1), "lo");
	assert_string_equal(names_ifname(n, 999999), "if999999");
	assert_string_equal(names_ifname(n, 1), "lo");
	assert_null(names_cgroup(n, 0xfffffffffffffffeULL));
	/* Without -p: no owners, and it says so. */
	assert_false(names_has_owners(n));
	assert_null(names_owners(n, 1234, &count));
	assert_int_equal(count, 0);
	assert_null(names_owners_stats(n));
	names_free(n);
	names_free(NULL);
}

/* Recorded interfaces are per namespace: each namespace entered names
 * from its own answers, one nothing was recorded for by number, and
 * never from this host (index 1 is "lo" here). */
static void recorded_ifnames_per_netns(void **state)
{
	struct options o = {0};
	struct names *n = make(&o);
	const uint64_t own = 4026531840u, other = 4026532304u;

	names_recorded_use(n, NAMES_TABLE_IFNAME);
	names_netns_entered(n, own);
	assert_int_equal(names_recorded_put(n, NAMES_TABLE_IFNAME, 2, "eth0", 4),
			 0);
	names_netns_entered(n, other);
	assert_int_equal(names_recorded_put(n, NAMES_TABLE_IFNAME, 2,
					    "sk-ifnm0", 8),
			 0);
	assert_int_equal(names_recorded_put(n, NAMES_TABLE_IFNAME, 3, "veth",
					    4),
			 0);
	assert_string_equal(names_ifname(n, 2), "sk-ifnm0");
	assert_string_equal(names_ifname(n, 3), "veth");
	assert_string_equal(names_ifname(n, 1), "if1");
	names_netns_entered(n, own);
	assert_string_equal(names_ifname(n, 2), "eth0");
	assert_string_equal(names_ifname(n, 3), "if3");
	names_netns_entered(n, 77);
	assert_string_equal(names_ifname(n, 2), "if2");
	names_netns_entered(n, other);
	assert_string_equal(names_ifname(n, 2), "sk-ifnm0");
	assert_string_equal(names_ifname(n, 3), "veth");
	names_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numeric_names_no_port_or_protocol),
		cmocka_unit_test(hosts_only_with_resolve),
		cmocka_unit_test(port_range_text),
		cmocka_unit_test(ephemeral_ports_are_not_named),
		cmocka_unit_test(pid_comm_from_proc_root),
		cmocka_unit_test(ifname_cgroup_and_owners),
		cmocka_unit_test(recorded_ifnames_per_netns),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
