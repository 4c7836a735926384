// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * services.h: an /etc/services reader. tests/fixtures/services is a chunk
 * of Debian's netbase file with a local section appended; the malformed
 * cases are inline.
 */
#include "unit.h"

#include "src/names/services.h"

static struct services *parse(const char *text, size_t len)
{
	struct services *s = NULL;

	assert_int_equal(services_parse(text, len, &s), 0);
	assert_non_null(s);
	return s;
}

#define PARSE(lit) parse(lit, sizeof(lit) - 1)

/* Group state: the fixture, loaded once. */
static int load_fixture(void **state)
{
	struct services *s = NULL;
	int r = services_load(fixture_path("services"), &s);

	if (r < 0) {
		fprintf(stderr, "cannot load %s: %s\n", fixture_path("services"),
			strerror(-r));
		return -1;
	}
	*state = s;
	return 0;
}

static int free_fixture(void **state)
{
	services_free(*state);
	return 0;
}

static void fixture_known_ports_named(void **state)
{
	const struct services *s = *state;

	assert_string_equal(services_lookup(s, 1, "tcp"), "tcpmux");
	assert_string_equal(services_lookup(s, 22, "tcp"), "ssh");
	assert_string_equal(services_lookup(s, 53, "udp"), "domain");
	assert_string_equal(services_lookup(s, 443, "tcp"), "https");
	assert_string_equal(services_lookup(s, 60179, "tcp"), "fido");
	/* A long name and a single space before the port. */
	assert_string_equal(services_lookup(s, 8990, "tcp"),
			    "clc-build-daemon");
}

static void fixture_tcp_and_udp_differ(void **state)
{
	const struct services *s = *state;

	assert_string_equal(services_lookup(s, 512, "tcp"), "exec");
	assert_string_equal(services_lookup(s, 512, "udp"), "biff");
	assert_string_equal(services_lookup(s, 514, "tcp"), "shell");
	assert_string_equal(services_lookup(s, 514, "udp"), "syslog");
	assert_null(services_lookup(s, 22, "udp"));
	assert_null(services_lookup(s, 123, "tcp"));
	assert_string_equal(services_lookup(s, 123, "udp"), "ntp");
}

/* MPTCP uses TCP's ports; SCTP its own lines first, then TCP's, as ss
 * shows them (it asks getservbyport() for any protocol). */
static void mptcp_and_sctp_named(void **state)
{
	struct services *s = PARSE("ssh 22/tcp\n"
				   "amqp 5672/tcp\n"
				   "amqp-s 5672/sctp\n"
				   "only-udp 999/udp\n");

	assert_string_equal(services_lookup(s, 22, "mptcp"), "ssh");
	assert_string_equal(services_lookup(s, 22, "sctp"), "ssh");
	assert_string_equal(services_lookup(s, 5672, "sctp"), "amqp-s");
	assert_string_equal(services_lookup(s, 5672, "mptcp"), "amqp");
	assert_null(services_lookup(s, 999, "mptcp"));
	assert_null(services_lookup(s, 999, "sctp"));
	services_free(s);
}

static void fixture_aliases_ignored(void **state)
{
	const struct services *s = *state;

	assert_string_equal(services_lookup(s, 80, "tcp"), "http");
	assert_string_equal(services_lookup(s, 9, "tcp"), "discard");
	assert_string_equal(services_lookup(s, 88, "udp"), "kerberos");
	assert_string_equal(services_lookup(s, 4242, "tcp"), "myapp");
}

static void fixture_first_name_of_port_wins(void **state)
{
	const struct services *s = *state;

	/* The local "myproxy 8081/tcp" comes after netbase's tproxy. */
	assert_string_equal(services_lookup(s, 8081, "tcp"), "tproxy");
}

/* services_port() of @name for @proto is @port. */
static void expect_port(struct services *s, const char *name,
			const char *proto, uint16_t port)
{
	uint16_t got = 0;

	if (services_port(s, name, proto, &got) != 0 || got != port)
		fail_msg("%s/%s: %u, expected %u", name, proto, got, port);
}

/* The way back, name to port, knows aliases (getservbyname(3) does). */
static void fixture_port_of_name_and_alias(void **state)
{
	struct services *s = *state;
	uint16_t port = 7;

	expect_port(s, "http", "tcp", 80);
	expect_port(s, "www", "tcp", 80);
	expect_port(s, "krb5", "udp", 88);
	expect_port(s, "myapp-alt", "tcp", 4242);
	expect_port(s, "syslog", "udp", 514);
	/* "shell 514/tcp cmd syslog": an alias of another name */
	expect_port(s, "syslog", "tcp", 514);
	assert_int_equal(services_port(s, "ntp", "tcp", &port), -ENOENT);
	assert_int_equal(services_port(s, "myapp-alt", "udp", &port),
			 -ENOENT);
	assert_int_equal(services_port(s, "nosuchname", "tcp", &port),
			 -ENOENT);
	assert_int_equal(services_port(s, "", "tcp", &port), -ENOENT);
	assert_int_equal(port, 7); /* untouched on failure */
}

static void fixture_miss_is_null(void **state)
{
	const struct services *s = *state;

	assert_null(services_lookup(s, 0, "tcp"));
	assert_null(services_lookup(s, 2, "tcp"));
	assert_null(services_lookup(s, 65535, "tcp"));
	assert_string_equal(services_lookup(s, 22, "sctp"), "ssh"); /* TCP's */
	assert_null(services_lookup(s, 22, ""));
}

static void first_name_wins_among_many(void **state)
{
	/* Hundreds of names for one port, interleaved with another port:
	 * the sort must keep file order within a port and protocol. */
	size_t cap = 64 * 1024, len = 0;
	char *text = malloc(cap);
	struct services *s;

	assert_non_null(text);
	for (int i = 0; i < 600; i++)
		len += (size_t)snprintf(text + len, cap - len,
					"n%d 1000/tcp\nm%d 999/tcp\nu%d 1000/udp\n",
					i, i, i);
	s = parse(text, len);
	assert_string_equal(services_lookup(s, 1000, "tcp"), "n0");
	assert_string_equal(services_lookup(s, 999, "tcp"), "m0");
	assert_string_equal(services_lookup(s, 1000, "udp"), "u0");
	services_free(s);
	free(text);
}

static void comments_and_blank_lines_skipped(void **state)
{
	struct services *s = PARSE("# alpha 1/tcp\n"
				   "\n"
				   "   \t \n"
				   "#\n"
				   "beta 2/tcp# no space before the comment\n"
				   "  gamma\t3/udp  # leading blanks\n"
				   "delta 4/tcp #\n");

	assert_null(services_lookup(s, 1, "tcp"));
	assert_string_equal(services_lookup(s, 2, "tcp"), "beta");
	assert_string_equal(services_lookup(s, 3, "udp"), "gamma");
	assert_string_equal(services_lookup(s, 4, "tcp"), "delta");
	services_free(s);
}

static void malformed_lines_skipped(void **state)
{
	struct services *s = PARSE("noslash 10\n"
				   "noport /tcp\n"
				   "big 65536/tcp\n"
				   "huge 99999999999999999999/tcp\n"
				   "alpha x11/tcp\n"
				   "neg -5/tcp\n"
				   "trail 11x/tcp\n"
				   "longproto 12/tcpxxxxx\n"
				   "onlyname\n"
				   "/tcp\n"
				   "good 13/tcp\n"
				   "max 65535/udp\n");

	assert_null(services_lookup(s, 10, "tcp"));
	assert_null(services_lookup(s, 0, "tcp"));
	assert_null(services_lookup(s, 0, "udp"));
	assert_null(services_lookup(s, 11, "tcp"));
	assert_null(services_lookup(s, 12, "tcp"));
	assert_null(services_lookup(s, 12, "tcpxxxxx"));
	/* 65536 must not wrap to 0, nor -5 to 65531. */
	assert_null(services_lookup(s, 65531, "tcp"));
	assert_string_equal(services_lookup(s, 13, "tcp"), "good");
	assert_string_equal(services_lookup(s, 65535, "udp"), "max");
	services_free(s);
}

static void no_trailing_newline(void **state)
{
	struct services *s = PARSE("a 1/tcp\nlast 2/tcp");

	assert_string_equal(services_lookup(s, 1, "tcp"), "a");
	assert_string_equal(services_lookup(s, 2, "tcp"), "last");
	services_free(s);

	/* The cut can also fall right after the protocol's first letter. */
	s = PARSE("a 1/tcp\ncut 3/u");
	assert_string_equal(services_lookup(s, 3, "u"), "cut");
	services_free(s);
}

static void crlf_line_does_not_eat_the_next(void **state)
{
	/* Whatever a stray "\r" does to its own line, the next line is
	 * read as usual. */
	struct services *s = PARSE("a 1/tcp\r\nb 2/tcp\n");

	assert_string_equal(services_lookup(s, 2, "tcp"), "b");
	services_free(s);
}

static void nul_bytes_do_not_crash(void **state)
{
	static const char text[] = "a\0 1/tcp\n"
				   "b 2/t\0cp\n"
				   "\0\0\0\n"
				   "c 3/tcp\0\n"
				   "d 4/tcp\n"
				   "\0";
	struct services *s = parse(text, sizeof(text) - 1);

	/* Whatever the NUL lines mean, the lines after them still count. */
	assert_string_equal(services_lookup(s, 4, "tcp"), "d");
	services_free(s);

	/* NUL as the very last byte, no newline. */
	s = parse("e 5/tcp\0", 8);
	services_free(s);
}

static void empty_buffer_is_empty_table(void **state)
{
	struct services *s = parse("", 0);

	assert_null(services_lookup(s, 22, "tcp"));
	services_free(s);
}

static void not_nul_terminated_input(void **state)
{
	/* Exactly the bytes, on the heap: reading one more is an ASan
	 * error. */
	static const char text[] = "exact 7/tcp";
	char *p = malloc(sizeof(text) - 1);
	struct services *s;

	assert_non_null(p);
	memcpy(p, text, sizeof(text) - 1);
	s = parse(p, sizeof(text) - 1);
	free(p);
	/* Names are copies: they outlive the input buffer. */
	assert_string_equal(services_lookup(s, 7, "tcp"), "exact");
	services_free(s);
}

static void load_missing_path_is_enoent(void **state)
{
	struct services *s = (struct services *)(uintptr_t)0x1;

	assert_int_equal(services_load("/nonexistent/services", &s), -ENOENT);
	/* *ret untouched on failure. */
	assert_ptr_equal(s, (struct services *)(uintptr_t)0x1);
}

static void load_directory_is_negative_errno(void **state)
{
	struct services *s = (struct services *)(uintptr_t)0x1;

	assert_true(services_load(getenv("FIXTURES") ? getenv("FIXTURES")
						     : "tests/fixtures",
				  &s) < 0);
	assert_ptr_equal(s, (struct services *)(uintptr_t)0x1);
}

/* A name given by two lines is the first line's, as getservbyname(3). */
static void first_line_of_a_name_wins(void **state)
{
	struct services *s = PARSE("later 900/tcp alias\n"
				   "other 901/tcp later\n"
				   "alias 902/tcp\n"
				   "later 903/udp\n");

	expect_port(s, "later", "tcp", 900);
	expect_port(s, "alias", "tcp", 900);
	expect_port(s, "later", "udp", 903);
	services_free(s);
}

/*
 * A 1 MiB file: every name and alias is found with a binary search, not
 * a walk over the ports (which made a 1 MiB -F file of names take 70 s).
 * The bound is on comparisons, not on time.
 */
static void large_file_lookups_are_logarithmic(void **state)
{
	size_t cap = 1024 * 1024 + 256, len = 0, lines = 0, names, bound;
	char *text = malloc(cap), name[32];
	struct services *s;
	unsigned log2n = 0;

	assert_non_null(text);
	while (len + 64 < 1024 * 1024) {
		len += (size_t)snprintf(text + len, cap - len,
					"svc%zu %zu/%s alias%zu\n", lines,
					lines % 65536,
					lines % 2 ? "udp" : "tcp", lines);
		lines++;
	}
	s = parse(text, len);
	names = 2 * lines;
	while ((1ull << log2n) < names)
		log2n++;
	for (size_t i = 0; i < lines; i++) {
		snprintf(name, sizeof(name), "%s%zu", i % 3 ? "svc" : "alias",
			 i);
		expect_port(s, name, i % 2 ? "udp" : "tcp",
			    (uint16_t)(i % 65536));
	}
	/* lookups x (log2(names) + 1), and not 65536 per name */
	bound = lines * (log2n + 1);
	print_message("%zu lines, %zu lookups, %zu comparisons (bound %zu)\n",
		      lines, lines, services_probes(s), bound);
	assert_true(lines > 30000);
	assert_true(services_probes(s) <= bound);
	services_free(s);
	free(text);
}

static void free_null_is_fine(void **state)
{
	services_free(NULL);
}

int main(void)
{
	const struct CMUnitTest fixture_tests[] = {
		cmocka_unit_test(fixture_known_ports_named),
		cmocka_unit_test(fixture_tcp_and_udp_differ),
		cmocka_unit_test(fixture_aliases_ignored),
		cmocka_unit_test(mptcp_and_sctp_named),
		cmocka_unit_test(fixture_first_name_of_port_wins),
		cmocka_unit_test(fixture_miss_is_null),
		cmocka_unit_test(fixture_port_of_name_and_alias),
	};
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(first_name_wins_among_many),
		cmocka_unit_test(comments_and_blank_lines_skipped),
		cmocka_unit_test(malformed_lines_skipped),
		cmocka_unit_test(no_trailing_newline),
		cmocka_unit_test(crlf_line_does_not_eat_the_next),
		cmocka_unit_test(nul_bytes_do_not_crash),
		cmocka_unit_test(empty_buffer_is_empty_table),
		cmocka_unit_test(not_nul_terminated_input),
		cmocka_unit_test(load_missing_path_is_enoent),
		cmocka_unit_test(load_directory_is_negative_errno),
		cmocka_unit_test(first_line_of_a_name_wins),
		cmocka_unit_test(large_file_lookups_are_logarithmic),
		cmocka_unit_test(free_null_is_fine),
	};
	harness_run_group_named("services fixture", fixture_tests,
				load_fixture, free_fixture);
	return harness_run_group_named("services parser", tests, NULL, NULL);
}
