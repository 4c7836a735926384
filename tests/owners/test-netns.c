// SPDX-License-Identifier: GPL-2.0-or-later
/* -N's names: which file each form names, and what is refused. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

#include "src/netns.h"

static char buf[64];

static const char *path_of(const char *spec)
{
	memset(buf, 0, sizeof(buf));
	assert_int_equal(netns_path(spec, buf, sizeof(buf)), 0);
	return buf;
}

static void plain_name_is_under_run_netns(void **state)
{
	assert_string_equal(path_of("blue"), "/run/netns/blue");
	assert_string_equal(path_of("pid"), "/run/netns/pid");
	assert_string_equal(path_of("a.b-c_1"), "/run/netns/a.b-c_1");
}

static void name_with_slash_is_a_path(void **state)
{
	assert_string_equal(path_of("/var/run/netns/blue"),
			    "/var/run/netns/blue");
	assert_string_equal(path_of("./ns"), "./ns");
	assert_string_equal(path_of("/proc/1/ns/net"), "/proc/1/ns/net");
}

static void pid_form_is_the_process_namespace(void **state)
{
	assert_string_equal(path_of("pid:1"), "/proc/1/ns/net");
	assert_string_equal(path_of("pid:4194304"), "/proc/4194304/ns/net");
}

static void bad_names_refused(void **state)
{
	const char *bad[] = {"", "pid:", "pid:0", "pid:-1", "pid:12a",
			     "pid:01", "pid:99999999999", "pid: 1", ".", ".."};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(buf, "untouched");
		if (netns_path(bad[i], buf, sizeof(buf)) != -EINVAL)
			fail_msg("\"%s\" was not refused", bad[i]);
	}
}

static void too_long_refused(void **state)
{
	char small[16];

	assert_int_equal(netns_path("a-rather-long-name", small, sizeof(small)),
			 -ENAMETOOLONG);
	/* "/run/netns/abcd" and its NUL are 16 bytes. */
	assert_int_equal(netns_path("abcde", small, sizeof(small)),
			 -ENAMETOOLONG);
	assert_int_equal(netns_path("abcd", small, sizeof(small)), 0);
	assert_string_equal(small, "/run/netns/abcd");
}

static void join_needs_a_network_namespace(void **state)
{
	int r;

	assert_int_equal(netns_join("/nonexistent/ns"), -ENOENT);
	assert_int_equal(netns_join("/dev/null"), -EINVAL);
	/* Another kind of namespace is refused as EINVAL too, before any
	 * privilege is looked at. */
	assert_int_equal(netns_join("/proc/self/ns/uts"), -EINVAL);
	/* Our own: fine as root, EPERM otherwise. */
	r = netns_join("/proc/self/ns/net");
	assert_true(r == 0 || r == -EPERM);
}

/* -N given a FIFO: refused at once as no namespace (main blocks in open()
 * waiting for a writer, and meson's timeout fails it), as is a device. */
static void join_refuses_a_fifo_without_blocking(void **state)
{
	char dir[] = "/tmp/sockscope-netns-XXXXXX", path[64];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(netns_join(path), -EINVAL);
	assert_int_equal(netns_join("/dev/zero"), -EINVAL);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_name_is_under_run_netns),
		cmocka_unit_test(name_with_slash_is_a_path),
		cmocka_unit_test(pid_form_is_the_process_namespace),
		cmocka_unit_test(bad_names_refused),
		cmocka_unit_test(too_long_refused),
		cmocka_unit_test(join_needs_a_network_namespace),
		cmocka_unit_test(join_refuses_a_fifo_without_blocking),
	};

	return harness_run_group(tests, NULL, NULL);
}
