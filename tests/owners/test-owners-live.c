// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -p, -N and -r against the real kernel, in a private network namespace:
 * sockets held by child processes this test forks (each names itself and
 * then sleeps on a pipe until the test closes it), a second namespace held
 * by a child, and 127.0.0.1 as /etc/hosts names it.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "json-strict.h"

#include "../live/netns.h"
#include "../live/spawn.h"
#include "src/names/resolve.h"

/* The children block reading gate[0] until the test closes gate[1]. */
static int gate[2] = {-1, -1};
static pid_t kids[8];
static size_t nkids;

static void gate_open(void)
{
	assert_int_equal(pipe2(gate, O_CLOEXEC), 0);
	nkids = 0;
}

/* Forks a child that names itself @name, runs @work (may be NULL) and
 * sends its result back, then holds everything it has until the gate
 * closes. Returns the pid; the result goes to *ret_word. */
static pid_t hold(const char *name, uint32_t (*work)(void), uint32_t *ret_word)
{
	int ready[2];
	uint32_t word = 0;
	pid_t pid;

	assert_true(nkids < sizeof(kids) / sizeof(kids[0]));
	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char c;

		close(gate[1]);
		close(ready[0]);
		prctl(PR_SET_NAME, name);
		if (work)
			word = work();
		if (write(ready[1], &word, sizeof(word)) != sizeof(word))
			_exit(1);
		while (read(gate[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &word, sizeof(word)) != sizeof(word))
		fail_msg("child %s did not get ready", name);
	close(ready[0]);
	kids[nkids++] = pid;
	if (ret_word)
		*ret_word = word;
	return pid;
}

static void gate_close(void)
{
	close(gate[1]);
	close(gate[0]);
	for (size_t i = 0; i < nkids; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	nkids = 0;
}

/* A TCP listener on 127.0.0.1, any port; the port into *ret_port. */
static int listener(uint16_t *ret_port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 8), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*ret_port = ntohs(a.sin_port);
	return fd;
}

static bool inspect_line(const char *line, size_t len)
{
	static const char want[] = "descriptors could not be read";

	return memmem(line, len, want, sizeof(want) - 1) != NULL;
}

/* Exit 0, stderr empty: the test's namespace holds only sockets of
 * processes root may look at, so no owner listed is unknown, even where
 * some other process is closed even to root (/proc/1 may be). */
static void assert_ran_clean(const struct spawn_result *r)
{
	if (!r->exited || r->status != 0)
		fail_msg("sockscope %s %d, stderr: %s",
			 r->exited ? "exited" : "was killed by signal",
			 r->status, r->err);
	if (r->err_len)
		fail_msg("unexpected stderr: %s", r->err);
}

/* The sockets array of a -j document. */
static struct json_object *parse_doc(const struct spawn_result *r)
{
	assert_true(r->out_len > 0);
	return json_parse_strict(r->out, r->out_len - 1);
}

/* The socket of @doc listening on @port, or NULL. */
static struct json_object *listening_on(struct json_object *doc, int port)
{
	struct json_object *socks = json_get(doc, "sockets");

	for (size_t i = 0; i < json_object_array_length(socks); i++) {
		struct json_object *s = json_object_array_get_idx(socks, i);
		if (json_object_get_int(json_get(s, "local_port")) == port &&
		    strcmp(json_object_get_string(json_get(s, "state")),
			   "listening") == 0)
			return s;
	}
	return NULL;
}

/* The line of @text holding ":@port ", as a new string. */
static char *line_of_port(const char *text, uint16_t port)
{
	char needle[16];
	const char *at, *start, *end;

	snprintf(needle, sizeof(needle), ":%u ", port);
	at = strstr(text, needle);
	if (!at)
		fail_msg("no line with %s in:\n%s", needle, text);
	for (start = at; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	return strndup(start, (size_t)(end - start));
}

static void owner_listed_with_pid_fd_and_name(void **state)
{
	uint16_t port;
	int fd;
	pid_t kid;
	struct spawn_result r;
	struct json_object *doc, *s, *procs, *p;
	char want[96], *line;

	gate_open();
	fd = listener(&port);
	kid = hold("scope-holder", NULL, NULL);
	close(fd); /* the child's copy is the only one */

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", "-j", NULL);
	assert_ran_clean(&r);
	doc = parse_doc(&r);
	s = listening_on(doc, port);
	assert_non_null(s);
	procs = json_get(s, "processes");
	assert_int_equal(json_object_array_length(procs), 1);
	p = json_object_array_get_idx(procs, 0);
	assert_int_equal(json_object_get_int(json_get(p, "pid")), kid);
	assert_int_equal(json_object_get_int(json_get(p, "fd")), fd);
	assert_string_equal(json_object_get_string(json_get(p, "comm")),
			    "scope-holder");
	assert_false(json_has(s, "processes_unknown"));
	json_object_put(doc);
	spawn_result_done(&r);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", NULL);
	assert_ran_clean(&r);
	line = line_of_port(r.out, port);
	snprintf(want, sizeof(want), " users:((\"scope-holder\",pid=%d,fd=%d))",
		 (int)kid, fd);
	if (!strstr(line, want))
		fail_msg("\"%s\" lacks \"%s\"", line, want);
	assert_non_null(strstr(r.out, "Process\n"));
	free(line);
	spawn_result_done(&r);
	gate_close();
}

static void socket_held_by_two_lists_both(void **state)
{
	uint16_t port;
	int fd;
	pid_t a, b;
	struct spawn_result r;
	struct json_object *doc, *procs;
	char want[128], *line;

	gate_open();
	fd = listener(&port);
	a = hold("scope-a", NULL, NULL);
	b = hold("scope-b", NULL, NULL);
	close(fd);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", "-j", NULL);
	assert_ran_clean(&r);
	doc = parse_doc(&r);
	procs = json_get(listening_on(doc, port), "processes");
	assert_int_equal(json_object_array_length(procs), 2);
	/* In pid order. */
	assert_int_equal(json_object_get_int(json_get(
				 json_object_array_get_idx(procs, 0), "pid")),
			 a < b ? a : b);
	assert_int_equal(json_object_get_int(json_get(
				 json_object_array_get_idx(procs, 1), "pid")),
			 a < b ? b : a);
	for (int i = 0; i < 2; i++)
		assert_int_equal(json_object_get_int(json_get(
					 json_object_array_get_idx(procs, i), "fd")),
				 fd);
	json_object_put(doc);
	spawn_result_done(&r);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", NULL);
	assert_ran_clean(&r);
	line = line_of_port(r.out, port);
	snprintf(want, sizeof(want),
		 " users:((\"%s\",pid=%d,fd=%d),(\"%s\",pid=%d,fd=%d))",
		 a < b ? "scope-a" : "scope-b", (int)(a < b ? a : b), fd,
		 a < b ? "scope-b" : "scope-a", (int)(a < b ? b : a), fd);
	if (!strstr(line, want))
		fail_msg("\"%s\" lacks \"%s\"", line, want);
	free(line);
	spawn_result_done(&r);
	gate_close();
}

static void control_bytes_in_a_name_escaped(void **state)
{
	uint16_t port;
	int fd;
	struct spawn_result r;
	struct json_object *doc, *p;
	char *line;

	gate_open();
	fd = listener(&port);
	hold("evil\x1b[31m\t", NULL, NULL);
	close(fd);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", NULL);
	assert_ran_clean(&r);
	assert_null(strchr(r.out, '\x1b'));
	line = line_of_port(r.out, port);
	assert_non_null(strstr(line, "users:((\"evil\\x1b[31m\\t\",pid="));
	free(line);
	spawn_result_done(&r);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnp", "-j", NULL);
	assert_ran_clean(&r);
	doc = parse_doc(&r);
	p = json_object_array_get_idx(
		json_get(listening_on(doc, port), "processes"), 0);
	assert_string_equal(json_object_get_string(json_get(p, "comm")),
			    "evil\x1b[31m\t");
	json_object_put(doc);
	spawn_result_done(&r);
	gate_close();
}

/* setpriv(1) as nobody, or NULL when it cannot be done here. */
static const char *setpriv_path(void)
{
	if (geteuid() != 0 || !spawn_can_become_nobody())
		return NULL;
	if (access("/usr/bin/setpriv", X_OK) == 0)
		return "/usr/bin/setpriv";
	if (access("/bin/setpriv", X_OK) == 0)
		return "/bin/setpriv";
	return NULL;
}

static struct spawn_result run_as_nobody(const char *a, const char *b,
					 const char *c)
{
	const char *setpriv = setpriv_path();
	const char *argv[] = {"setpriv",  "--reuid=65534", "--regid=65534",
			      "--clear-groups", spawn_sockscope_path(),
			      a, b, c, NULL};
	struct spawn_result r;

	assert_int_equal(spawn_run(setpriv, argv, SPAWN_STDOUT_PIPE, &r), 0);
	return r;
}

static void unprivileged_run_says_owners_unknown(void **state)
{
	uint16_t port;
	int fd;
	struct spawn_result r;
	struct json_object *doc, *s;

	if (!setpriv_path())
		skip();
	gate_open();
	fd = listener(&port);
	hold("scope-root", NULL, NULL);
	close(fd);

	r = run_as_nobody("-tlnp", "-j", NULL);
	if (!r.exited || r.status != 0)
		fail_msg("sockscope as nobody: status %d, stderr: %s", r.status,
			 r.err);
	/* Said once, on stderr, naming the need and the one socket. */
	assert_int_equal(spawn_count_lines(r.err), 1);
	assert_true(inspect_line(r.err, r.err_len));
	assert_non_null(strstr(r.err, "need root"));
	assert_non_null(strstr(r.err, "the owner of 1 listed socket is "
				   "unknown"));
	doc = parse_doc(&r);
	s = listening_on(doc, port);
	assert_non_null(s);
	assert_true(json_object_get_boolean(json_get(s, "processes_unknown")));
	/* Still a list, empty: `jq '.sockets[].processes[]'` must not fail. */
	assert_true(json_object_is_type(json_get(s, "processes"),
					json_type_array));
	assert_int_equal(json_object_array_length(json_get(s, "processes")), 0);
	/* and in JSON's warnings */
	s = json_object_array_get_idx(json_get(doc, "warnings"), 0);
	assert_non_null(s);
	assert_int_equal(json_object_get_int(json_get(s, "unknown_owners")), 1);
	assert_string_equal(json_object_get_string(json_get(s, "error")),
			    "EACCES");
	json_object_put(doc);
	spawn_result_done(&r);
	gate_close();
}

/* In the child: a namespace of its own and a listener in it; its port. */
static uint32_t listen_in_new_netns(void)
{
	uint32_t uid;
	uint16_t port;

	if (netns_enter(&uid) < 0)
		_exit(1);
	listener(&port);
	return port;
}

static void check_net_option(const char *spec, uint16_t port, pid_t holder)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-N", spec, "-tlnp", "-j",
				NULL);
	struct json_object *doc, *s, *p;

	assert_ran_clean(&r);
	doc = parse_doc(&r);
	s = listening_on(doc, port);
	if (!s)
		fail_msg("-N %s: no listener on %u in %s", spec, port, r.out);
	/* -p still reads this pid namespace's /proc. */
	p = json_object_array_get_idx(json_get(s, "processes"), 0);
	assert_int_equal(json_object_get_int(json_get(p, "pid")), holder);
	json_object_put(doc);
	spawn_result_done(&r);
}

/* /run/netns/@name for @pid's namespace, as `ip netns attach` makes it,
 * but on a tmpfs of a mount namespace of this process's own, so nothing
 * is left behind. Returns false when that cannot be had here. */
static bool name_netns(const char *name, pid_t pid)
{
	char target[128], source[64];
	int fd;

	if (unshare(CLONE_NEWNS) < 0 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) < 0)
		return false;
	if (mkdir("/run/netns", 0755) < 0 && errno != EEXIST)
		return false;
	if (mount("scope-test", "/run/netns", "tmpfs", 0, "mode=0755") < 0)
		return false;
	snprintf(target, sizeof(target), "/run/netns/%s", name);
	snprintf(source, sizeof(source), "/proc/%d/ns/net", (int)pid);
	fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
	if (fd < 0)
		return false;
	close(fd);
	return mount(source, target, "none", MS_BIND, NULL) == 0;
}

static void net_option_reaches_another_namespace(void **state)
{
	uint32_t port;
	pid_t kid;
	char spec[64], name[64];
	struct spawn_result r;
	struct json_object *doc;

	gate_open();
	kid = hold("scope-netns", listen_in_new_netns, &port);
	assert_true(port > 0);

	/* Not in our namespace... */
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tln", "-j", NULL);
	assert_ran_clean(&r);
	doc = parse_doc(&r);
	assert_null(listening_on(doc, (int)port));
	json_object_put(doc);
	spawn_result_done(&r);

	/* ...but in the child's, by each way of naming it. */
	snprintf(spec, sizeof(spec), "pid:%d", (int)kid);
	check_net_option(spec, (uint16_t)port, kid);
	snprintf(spec, sizeof(spec), "/proc/%d/ns/net", (int)kid);
	check_net_option(spec, (uint16_t)port, kid);
	snprintf(name, sizeof(name), "scope-test-%d", (int)getpid());
	if (name_netns(name, kid))
		check_net_option(name, (uint16_t)port, kid);
	else
		print_message("(-N NAME not tried: cannot mount here)\n");
	gate_close();
}

/* Exit @status, nothing on stdout, one stderr line holding @what. */
static void check_net_error(const char *spec, int status, const char *what)
{
	struct spawn_result r =
		spawn_sockscope(SPAWN_STDOUT_PIPE, "-N", spec, "-tln", NULL);

	if (!r.exited || r.status != status)
		fail_msg("-N %s: status %d, want %d; stderr: %s", spec, r.status,
			 status, r.err);
	assert_int_equal(r.out_len, 0);
	if (spawn_count_lines(r.err) != 1 || !strstr(r.err, what))
		fail_msg("-N %s: stderr \"%s\" lacks \"%s\"", spec, r.err, what);
	assert_int_equal(strncmp(r.err, "sockscope: -N ", 14), 0);
	spawn_result_done(&r);
}

static void net_option_errors(void **state)
{
	char spec[64], want[192];

	snprintf(spec, sizeof(spec), "scope-missing-%d", (int)getpid());
	snprintf(want, sizeof(want), "%s: /run/netns/%s: No such file or directory",
		 spec, spec);
	check_net_error(spec, 2, want);
	check_net_error("/dev/null", 2, "/dev/null: not a network namespace");
	check_net_error("/proc/self/ns/uts", 2, "not a network namespace");
	check_net_error("pid:abc", 2, "not a namespace name, path or pid:PID");
	check_net_error("pid:2147483647", 2,
			"/proc/2147483647/ns/net: No such file or directory");
}

static void net_option_refused_without_privilege(void **state)
{
	struct spawn_result r;
	char spec[32];

	if (!setpriv_path())
		skip();
	snprintf(spec, sizeof(spec), "pid:%d", (int)getpid());
	r = run_as_nobody("-N", spec, "-tln");
	assert_true(r.exited);
	/* Named right, but not ours to enter: a failure, not bad input. */
	assert_int_equal(r.status, 1);
	assert_int_equal(r.out_len, 0);
	assert_int_equal(spawn_count_lines(r.err), 1);
	if (!strstr(r.err, "Operation not permitted") &&
	    !strstr(r.err, "Permission denied"))
		fail_msg("unexpected stderr: %s", r.err);
	spawn_result_done(&r);
}

/* What this system calls 127.0.0.1, or NULL. */
static const char *loopback_name(void)
{
	static char host[NI_MAXHOST];
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};

	if (getnameinfo((struct sockaddr *)&a, sizeof(a), host, sizeof(host),
			NULL, 0, NI_NAMEREQD) != 0)
		return NULL;
	return host;
}

static void resolve_names_loopback_in_the_table(void **state)
{
	const char *name = loopback_name();
	uint16_t port;
	int lfd, cfd, afd;
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	struct spawn_result r;
	struct json_object *doc, *s;
	char want[NI_MAXHOST + 16], *line;

	if (!name) /* no /etc/hosts entry: nothing to compare with */
		skip();
	lfd = listener(&port);
	a.sin_port = htons(port);
	cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(connect(cfd, (struct sockaddr *)&a, sizeof(a)), 0);
	afd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(afd >= 0);

	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tanr", NULL);
	assert_ran_clean(&r);
	/* The listener: a name on the local side, 0.0.0.0 kept. */
	line = line_of_port(r.out, port);
	snprintf(want, sizeof(want), "%s:%u ", name, port);
	if (!strstr(line, want) || !strstr(line, "0.0.0.0:*"))
		fail_msg("no \"%s\" and 0.0.0.0:* in \"%s\"", want, line);
	/* Both ends of the connection: names on every side. */
	assert_null(strstr(r.out, "127.0.0.1"));
	free(line);
	spawn_result_done(&r);

	/* JSON keeps the number and adds the name. */
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tlnr", "-j", NULL);
	assert_ran_clean(&r);
	doc = parse_doc(&r);
	s = listening_on(doc, port);
	assert_string_equal(json_object_get_string(json_get(s, "local_address")),
			    "127.0.0.1");
	assert_string_equal(json_object_get_string(json_get(s, "local_host")),
			    name);
	assert_false(json_has(s, "peer_host")); /* 0.0.0.0: a wildcard */
	json_object_put(doc);
	spawn_result_done(&r);

	/* Without -r: numbers. */
	r = spawn_sockscope(SPAWN_STDOUT_PIPE, "-tln", NULL);
	snprintf(want, sizeof(want), "127.0.0.1:%u ", port);
	assert_non_null(strstr(r.out, want));
	spawn_result_done(&r);
	close(afd);
	close(cfd);
	close(lfd);
}

static void resolve_asks_once_per_address(void **state)
{
	static const uint8_t lo[4] = {127, 0, 0, 1}, any[16];
	struct resolve *res;
	const char *first;

	assert_int_equal(resolve_new(&res), 0);
	first = resolve_host(res, AF_INET, lo);
	assert_int_equal(resolve_lookups(res), 1);
	assert_ptr_equal(resolve_host(res, AF_INET, lo), first);
	assert_int_equal(resolve_lookups(res), 1);
	/* Wildcards are never looked up. */
	assert_null(resolve_host(res, AF_INET, any));
	assert_null(resolve_host(res, AF_INET6, any));
	assert_int_equal(resolve_lookups(res), 1);
	/* The same bytes in another family are another address. */
	(void)resolve_host(res, AF_INET6, (const uint8_t[16]){127, 0, 0, 1});
	assert_int_equal(resolve_lookups(res), 2);
	assert_null(resolve_host(res, AF_UNIX, lo));
	resolve_free(res);
	resolve_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owner_listed_with_pid_fd_and_name),
		cmocka_unit_test(socket_held_by_two_lists_both),
		cmocka_unit_test(control_bytes_in_a_name_escaped),
		cmocka_unit_test(unprivileged_run_says_owners_unknown),
		cmocka_unit_test(net_option_reaches_another_namespace),
		cmocka_unit_test(net_option_errors),
		cmocka_unit_test(net_option_refused_without_privilege),
		cmocka_unit_test(resolve_names_loopback_in_the_table),
		cmocka_unit_test(resolve_asks_once_per_address),
	};

	netns_enter_or_skip();
	return harness_run_group(tests, NULL, NULL);
}
