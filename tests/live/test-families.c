// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One socket of every kind the kernel has (families.c), in a private
 * network namespace: each must be listed once with its fields right;
 * /proc and sock_diag must list the same sockets with the same fields
 * wherever both carry them; a copy of /proc/net must read as /proc/net
 * does; raw, which this kernel has no raw_diag for, must be warned about
 * only when asked for by name. test-families-ss.c holds the table
 * against ss's.
 *
 * Where the two sources cannot agree, by what the kernel puts in each
 * (compare_sources() allows each, and only these):
 * - a listener's Send-Q is its backlog from sock_diag, 0 from /proc
 *   (tx_queue, which a listener does not use);
 * - /proc/net/unix has no queues, no peer, no owner and no bound file;
 * - /proc has no socket cookie, no v6only, no bound device of an inet
 *   socket, and not whom a netlink socket is connected to;
 * - /proc/net/unix prints each NUL of an abstract name as '@';
 * - sock_diag's own kernel socket holds the request of the run that
 *   looks, so its queues differ; sockscope's own sock_diag socket exists
 *   only in the netlink run;
 * - MPTCP is sock_diag's only; raw (without raw_diag) /proc's only.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include "harness.h"

#include "families.h"
#include "netns.h"
#include "sockjson.h"
#include "spawn.h"

static struct families fams;
static uint32_t uid;
static bool raw_diag; /* the kernel lists raw sockets over sock_diag */

#define ARGS(...) ((const char *const[]){"sockscope", __VA_ARGS__, NULL})

static struct spawn_result run(const char *const *argv)
{
	struct spawn_result r;
	int e = spawn_run(spawn_sockscope_path(), argv, SPAWN_STDOUT_PIPE, &r);

	if (e < 0)
		fail_msg("cannot run sockscope: %s", strerror(-e));
	return r;
}

/* Runs sockscope with @argv, which must succeed quietly, and parses its
 * -j output. */
static struct js_sock *run_json(const char *const *argv, size_t *ret_n)
{
	struct spawn_result r = run(argv);
	struct js_sock *v;

	if (!r.exited || r.status != 0 || r.err_len)
		fail_msg("sockscope %s %s failed (%d): %s", argv[1], argv[2],
			 r.status, r.err);
	v = sockjson_parse_doc(r.out, r.out_len, ret_n);
	spawn_result_done(&r);
	return v;
}

static int setup(void **state)
{
	struct spawn_result r;

	families_make(&fams, uid);
	/* Whether this kernel has raw_diag: asked for by name, raw is
	 * either listed or warned about. */
	r = run(ARGS("--source=netlink", "-w", "-4", "-H"));
	assert_true(r.exited && r.status == 0);
	raw_diag = r.err_len == 0;
	spawn_result_done(&r);
	return 0;
}

static int teardown(void **state)
{
	families_done(&fams);
	return 0;
}

/* A socket the test did not make that may be listed: the kernel's own
 * netlink sockets (port id 0) and sockscope's sock_diag socket. */
static bool foreign_ok(const struct js_sock *j)
{
	return strcmp(j->netid, "nl") == 0 &&
	       (j->portid == 0 || j->protocol == NETLINK_SOCK_DIAG);
}

static bool same_endpoints(const struct fam_sock *f, const struct js_sock *j)
{
	return strcmp(f->local_address, j->local_address) == 0 &&
	       strcmp(f->peer_address, j->peer_address) == 0 &&
	       f->local_port == j->local_port && f->peer_port == j->peer_port;
}

/* The socket @j is: by (netid, inode), or by its addresses when it has
 * no inode (a child not accepted yet). */
static const struct fam_sock *fam_of(const struct js_sock *j)
{
	if (j->inode != 0)
		return families_find(&fams, j->netid, (uint64_t)j->inode);
	for (size_t i = 0; i < fams.n; i++)
		if (fams.v[i].inode == 0 &&
		    strcmp(fams.v[i].netid, j->netid) == 0 &&
		    same_endpoints(&fams.v[i], j))
			return &fams.v[i];
	return NULL;
}

#define WANT_INT(field, want)                                                  \
	do {                                                                   \
		if ((int64_t)(j->field) != (int64_t)(want))                    \
			fail_msg("%s: " #field " %" PRId64 ", want %" PRId64   \
				 ": %s",                                       \
				 f->what, (int64_t)(j->field),                 \
				 (int64_t)(want), j->text);                    \
	} while (0)
#define WANT_STR(field, want)                                                  \
	do {                                                                   \
		if (strcmp(j->field, (want)) != 0)                             \
			fail_msg("%s: " #field " \"%s\", want \"%s\": %s",     \
				 f->what, j->field, (want), j->text);          \
	} while (0)

static void check_inet(const struct fam_sock *f, const struct js_sock *j)
{
	WANT_STR(local_address, f->local_address);
	WANT_STR(peer_address, f->peer_address);
	WANT_INT(local_port, f->local_port);
	WANT_INT(peer_port, f->peer_port);
	WANT_STR(interface, "");
	WANT_INT(uid, fams.uid);
	/* Raw from /proc has no v6only; the rest say it as inet_diag. */
	if (strcmp(f->netid, "raw") != 0 || strcmp(j->source, "netlink") == 0)
		WANT_INT(v6only, f->v6only);
	WANT_INT(protocol, f->protocol);
}

static void check_unix(const struct fam_sock *f, const struct js_sock *j,
		       bool netlink)
{
	if (j->path_len != f->path_len ||
	    memcmp(j->path, f->path, f->path_len) != 0)
		fail_msg("%s: path \"%.*s\" (%zu bytes), want \"%.*s\" (%zu): "
			 "%s",
			 f->what, (int)j->path_len, j->path, j->path_len,
			 (int)f->path_len, f->path, f->path_len, j->text);
	if (f->path_len)
		WANT_INT(abstract, f->abstract);
	/* Only unix_diag knows the peer, the owner and the file. */
	WANT_INT(peer_inode, netlink ? f->peer_inode : -1);
	WANT_INT(uid, netlink ? (int64_t)fams.uid : -1);
	WANT_INT(vfs_dev, netlink ? f->vfs_dev : -1);
	WANT_INT(vfs_inode, netlink ? f->vfs_inode : -1);
}

static void check_one(const struct fam_sock *f, const struct js_sock *j)
{
	bool netlink = strcmp(j->source, "netlink") == 0;
	bool is_unix = strcmp(f->family, "unix") == 0;

	WANT_STR(family, f->family);
	WANT_STR(state, f->state);
	WANT_INT(inode, f->inode);
	WANT_STR(source, strcmp(f->netid, "raw") == 0 && !raw_diag ? "procfs"
								   : "netlink");
	if (netlink && !j->has_cookie)
		fail_msg("%s: no cookie from sock_diag: %s", f->what, j->text);
	if (!netlink && j->has_cookie)
		fail_msg("%s: a cookie from /proc: %s", f->what, j->text);
	if (netlink && f->cookie && j->cookie != f->cookie)
		fail_msg("%s: cookie %" PRIu64 ", SO_COOKIE says %" PRIu64,
			 f->what, j->cookie, f->cookie);
	WANT_INT(recv_q, is_unix && !netlink ? 0 : f->recv_q);
	WANT_INT(send_q, (is_unix || f->listener) && !netlink ? 0 : f->send_q);

	if (strcmp(f->family, "inet") == 0 || strcmp(f->family, "inet6") == 0) {
		check_inet(f, j);
	} else if (is_unix) {
		check_unix(f, j, netlink);
	} else if (strcmp(f->family, "packet") == 0) {
		WANT_INT(protocol, f->protocol);
		WANT_STR(interface, f->interface);
		WANT_INT(interface_index,
			 f->interface[0] ? (int64_t)if_nametoindex(f->interface)
					 : -1);
		WANT_INT(uid, fams.uid);
	} else {
		WANT_INT(protocol, f->protocol);
		WANT_STR(protocol_name,
			 f->protocol == NETLINK_ROUTE ? "rtnl" : "genl");
		WANT_INT(portid, f->portid);
		WANT_INT(groups, f->groups);
		WANT_INT(peer_portid, f->peer_portid);
		WANT_INT(peer_group, f->peer_group);
		WANT_INT(uid, -1); /* netlink_diag does not say */
	}
}

/* sockscope -a -j (every table, every state, netlink with /proc where
 * netlink cannot): each socket once with its fields, nothing else. */
static void every_kind_listed_with_its_fields(void **state)
{
	size_t n;
	struct js_sock *v = run_json(ARGS("-a", "-j"), &n);
	bool *seen = calloc(fams.n, sizeof(*seen));

	assert_non_null(seen);
	for (size_t i = 0; i < n; i++) {
		const struct fam_sock *f = fam_of(&v[i]);

		if (!f) {
			if (foreign_ok(&v[i]))
				continue;
			fail_msg("a socket the test did not make: %s",
				 v[i].text);
		}
		if (seen[f - fams.v])
			fail_msg("%s is listed twice", f->what);
		seen[f - fams.v] = true;
		check_one(f, &v[i]);
	}
	for (size_t k = 0; k < fams.n; k++)
		if (!seen[k])
			fail_msg("%s (%s inode %" PRIu64 ") is missing",
				 fams.v[k].what, fams.v[k].netid,
				 fams.v[k].inode);
	free(seen);
	free(v);
}

/* ---- /proc against sock_diag ---- */

static bool both_see(const char *netid)
{
	static const char *const netids[] = {"tcp",   "udp",   "raw",
					     "u_str", "u_dgr", "u_seq",
					     "p_raw", "p_dgr", "nl"};

	for (size_t i = 0; i < sizeof(netids) / sizeof(netids[0]); i++)
		if (strcmp(netid, netids[i]) == 0)
			return true;
	return false;
}

static bool same_key(const struct js_sock *a, const struct js_sock *b)
{
	if (strcmp(a->netid, b->netid) != 0 || a->inode != b->inode)
		return false;
	/* No inode (TIME-WAIT, a child not accepted): the addresses. */
	return a->inode != 0 ||
	       (strcmp(a->local_address, b->local_address) == 0 &&
		strcmp(a->peer_address, b->peer_address) == 0 &&
		a->local_port == b->local_port && a->peer_port == b->peer_port);
}

/* /proc/net/unix prints every NUL of an abstract name as '@'. */
static void unix_name_as_proc(const struct js_sock *j, char *dst)
{
	memcpy(dst, j->path, j->path_len);
	for (size_t i = 0; i < j->path_len; i++)
		if (dst[i] == '\0')
			dst[i] = '@';
}

#define SAME_INT(field)                                                        \
	do {                                                                   \
		if (nl->field != pr->field)                                    \
			fail_msg(#field " differs: %" PRId64 " from netlink, " \
					"%" PRId64 " from procfs:\n%s\n%s",    \
				 (int64_t)nl->field, (int64_t)pr->field,       \
				 nl->text, pr->text);                          \
	} while (0)
#define SAME_STR(field)                                                        \
	do {                                                                   \
		if (strcmp(nl->field, pr->field) != 0)                         \
			fail_msg(#field " differs: \"%s\" from netlink, "      \
					"\"%s\" from procfs:\n%s\n%s",         \
				 nl->field, pr->field, nl->text, pr->text);    \
	} while (0)
/* A field /proc does not carry: absent there, whatever netlink says. */
#define PROC_LACKS(field)                                                      \
	do {                                                                   \
		if (pr->field != -1)                                           \
			fail_msg(#field " from procfs, which has no such "     \
					"field: %s",                           \
				 pr->text);                                    \
	} while (0)

/* Field by field where both sources carry the field; the differences the
 * kernel makes (see the top of this file) are allowed, and only those. */
static void compare_sources(const struct js_sock *nl, const struct js_sock *pr)
{
	bool is_unix = strcmp(nl->family, "unix") == 0;
	bool is_inet =
	    strcmp(nl->family, "inet") == 0 || strcmp(nl->family, "inet6") == 0;

	SAME_STR(family);
	SAME_STR(state);
	SAME_INT(inode);
	if (strcmp(nl->source, "netlink") != 0 ||
	    strcmp(pr->source, "procfs") != 0)
		fail_msg("sources \"%s\" and \"%s\"", nl->source, pr->source);
	if (pr->has_cookie || !nl->has_cookie)
		fail_msg("the cookie is sock_diag's only:\n%s\n%s", nl->text,
			 pr->text);

	/* /proc/net/unix has no queues. A netlink socket's memory counts
	 * the dump request it is answering: sock_diag's kernel socket
	 * differs by the request of the run that looks. */
	if (!is_unix && !(strcmp(nl->netid, "nl") == 0 &&
			  nl->protocol == NETLINK_SOCK_DIAG))
		SAME_INT(recv_q);
	/* A listener's Send-Q: the backlog from sock_diag, 0 from /proc. */
	if (!is_unix && strcmp(nl->state, "listening") != 0 &&
	    !(strcmp(nl->netid, "nl") == 0 &&
	      nl->protocol == NETLINK_SOCK_DIAG))
		SAME_INT(send_q);
	else if (is_unix && pr->send_q != 0)
		fail_msg("a unix Send-Q from /proc: %s", pr->text);

	if (is_inet) {
		SAME_STR(local_address);
		SAME_STR(peer_address);
		SAME_INT(local_port);
		SAME_INT(peer_port);
		SAME_INT(uid);
		SAME_INT(protocol);
		/* /proc/net/{tcp,udp,raw} have no device nor v6only. */
		PROC_LACKS(interface_index);
		PROC_LACKS(v6only);
	} else if (is_unix) {
		char name[sizeof(nl->path)];

		unix_name_as_proc(nl, name);
		if (nl->path_len != pr->path_len ||
		    memcmp(name, pr->path, nl->path_len) != 0)
			fail_msg("path differs:\n%s\n%s", nl->text, pr->text);
		SAME_INT(abstract);
		/* Not in /proc/net/unix: the peer, the owner, the file. */
		PROC_LACKS(peer_inode);
		PROC_LACKS(uid);
		PROC_LACKS(vfs_dev);
		PROC_LACKS(vfs_inode);
	} else if (strcmp(nl->family, "packet") == 0) {
		SAME_INT(protocol);
		SAME_STR(interface);
		SAME_INT(interface_index);
		SAME_INT(uid);
	} else {
		SAME_INT(protocol);
		SAME_STR(protocol_name);
		SAME_INT(portid);
		SAME_INT(groups);
		SAME_INT(uid); /* neither says */
		/* /proc/net/netlink does not say whom a socket is
		 * connected to. */
		PROC_LACKS(peer_portid);
		PROC_LACKS(peer_group);
	}
}

/* The sockets of @v both sources may list; sockscope's own sock_diag
 * socket (in the netlink run only) left out. */
static size_t comparable(struct js_sock *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!both_see(v[i].netid))
			continue;
		if (strcmp(v[i].netid, "nl") == 0 &&
		    v[i].protocol == NETLINK_SOCK_DIAG && v[i].portid != 0)
			continue;
		v[k++] = v[i];
	}
	return k;
}

static void procfs_lists_what_netlink_lists(void **state)
{
	size_t na, nb, ours = 0, nraw = 0;
	struct js_sock *a = run_json(ARGS("--source=netlink", "-a", "-j"), &na);
	struct js_sock *b = run_json(ARGS("--source=procfs", "-a", "-j"), &nb);
	bool *matched;

	/* MPTCP is sock_diag's only. */
	for (size_t i = 0; i < nb; i++)
		if (strcmp(b[i].netid, "mptcp") == 0)
			fail_msg("mptcp from procfs: %s", b[i].text);
	na = comparable(a, na);
	nb = comparable(b, nb);
	/* Without raw_diag the netlink run has no raw table at all: then
	 * /proc's raw sockets are ours, and only ours. */
	if (!raw_diag) {
		size_t k = 0;

		for (size_t i = 0; i < na; i++)
			if (strcmp(a[i].netid, "raw") == 0)
				fail_msg("raw from netlink without raw_diag: "
					 "%s",
					 a[i].text);
		for (size_t i = 0; i < nb; i++) {
			const struct fam_sock *f;

			if (strcmp(b[i].netid, "raw") != 0) {
				b[k++] = b[i];
				continue;
			}
			f = fam_of(&b[i]);
			if (!f)
				fail_msg("a raw socket the test did not make: "
					 "%s",
					 b[i].text);
			check_one(f, &b[i]);
			nraw++;
		}
		assert_int_equal(nraw, 2);
		nb = k;
	}

	matched = calloc(nb ? nb : 1, sizeof(*matched));
	assert_non_null(matched);
	for (size_t i = 0; i < na; i++) {
		size_t k;

		for (k = 0; k < nb; k++)
			if (!matched[k] && same_key(&a[i], &b[k]))
				break;
		if (k == nb)
			fail_msg("netlink lists what procfs does not: %s",
				 a[i].text);
		matched[k] = true;
		compare_sources(&a[i], &b[k]);
		ours += fam_of(&a[i]) != NULL;
	}
	for (size_t k = 0; k < nb; k++)
		if (!matched[k])
			fail_msg("procfs lists what netlink does not: %s",
				 b[k].text);
	/* Not an empty comparison: every socket of ours both can see. */
	for (size_t i = 0; i < fams.n; i++)
		if (both_see(fams.v[i].netid) &&
		    (strcmp(fams.v[i].netid, "raw") != 0 || raw_diag))
			ours--;
	assert_int_equal(ours, 0);
	free(matched);
	free(a);
	free(b);
}

/* ---- warnings ---- */

static size_t lines_with(const char *text, const char *word)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, word)); p += strlen(word))
		n++;
	return n;
}

/*
 * raw asked for by name where only sock_diag may answer and the kernel
 * has no raw_diag: one line on stderr for both address families (the man
 * page's "NETID sockets cannot be listed"), in JSON too, and exit 0.
 */
static void raw_named_without_raw_diag_warns(void **state)
{
	struct spawn_result r;
	json_object *doc, *w, *e;

	if (raw_diag)
		skip();
	r = run(ARGS("--source=netlink", "-w", "-4"));
	assert_true(r.exited && r.status == 0);
	assert_int_equal(spawn_count_lines(r.err), 1);
	assert_int_equal(lines_with(r.err, "sockscope: raw sockets cannot be "
					   "listed: the kernel has no "
					   "sock_diag support"),
			 1);
	spawn_result_done(&r);

	/* Both families: the same absence, said once. */
	r = run(ARGS("--source=netlink", "-w"));
	assert_true(r.exited && r.status == 0);
	assert_int_equal(spawn_count_lines(r.err), 1);
	assert_int_equal(lines_with(r.err, "sockscope: raw sockets"), 1);
	/* Nothing listed: the header alone. */
	assert_int_equal(spawn_count_lines(r.out), 1);
	spawn_result_done(&r);

	r = run(ARGS("--source=netlink", "-w", "-4", "-j"));
	assert_true(r.exited && r.status == 0);
	doc = json_tokener_parse(r.out);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "warnings", &w));
	assert_int_equal(json_object_array_length(w), 1);
	w = json_object_array_get_idx(w, 0);
	assert_true(json_object_object_get_ex(w, "netid", &e));
	assert_string_equal(json_object_get_string(e), "raw");
	assert_true(json_object_object_get_ex(w, "error", &e));
	assert_string_equal(json_object_get_string(e), "ENOENT");
	assert_true(json_object_object_get_ex(w, "source", &e));
	assert_string_equal(json_object_get_string(e), "netlink");
	json_object_put(doc);
	spawn_result_done(&r);
}

/* Not named, raw is quietly /proc's (auto) or quietly absent (netlink
 * only): "everything" means what this kernel has. */
static void raw_unnamed_is_quiet(void **state)
{
	const char *const *const runs[] = {
	    ARGS("-a"),
	    ARGS("--source=netlink", "-a"),
	    ARGS("-w"),
	    ARGS("-a", "-w"),
	};

	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		struct spawn_result r = run(runs[i]);

		if (!r.exited || r.status != 0 || r.err_len)
			fail_msg("sockscope %s %s: status %d, stderr: %s",
				 runs[i][1], runs[i][2] ? runs[i][2] : "",
				 r.status, r.err);
		spawn_result_done(&r);
	}
	/* -aw (auto): raw answered by /proc, ours listed. */
	{
		size_t n;
		struct js_sock *v = run_json(ARGS("-a", "-w", "-j"), &n);

		assert_int_equal(n, 2);
		for (size_t i = 0; i < n; i++)
			assert_non_null(fam_of(&v[i]));
		free(v);
	}
}

/* ---- --proc-root ---- */

static void copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY | O_CLOEXEC);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ssize_t n;

	assert_return_code(in, errno);
	assert_return_code(out, errno);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_return_code(n, errno);
	close(in);
	assert_return_code(close(out), errno);
}

static bool js_identical(const struct js_sock *a, const struct js_sock *b)
{
	/* text holds the whole object when it is short enough; the parsed
	 * fields cover the rest. */
	return strcmp(a->text, b->text) == 0 && a->path_len == b->path_len &&
	       memcmp(a->path, b->path, a->path_len) == 0 &&
	       strcmp(a->local_address, b->local_address) == 0 &&
	       strcmp(a->peer_address, b->peer_address) == 0 &&
	       a->local_port == b->local_port && a->peer_port == b->peer_port &&
	       a->inode == b->inode && a->recv_q == b->recv_q &&
	       a->send_q == b->send_q && a->uid == b->uid &&
	       a->protocol == b->protocol && a->portid == b->portid &&
	       a->groups == b->groups && strcmp(a->state, b->state) == 0 &&
	       strcmp(a->netid, b->netid) == 0;
}

static void proc_root_copy_reads_as_proc(void **state)
{
	static const char *const files[] = {"tcp",  "tcp6",   "udp",
					    "udp6", "raw",    "raw6",
					    "unix", "packet", "netlink"};
	char dir[] = "/tmp/sockscope-procroot-XXXXXX";
	char net[sizeof(dir) + 8], from[64], to[sizeof(net) + 16];
	struct js_sock *a, *b;
	size_t na, nb, ours = 0;

	assert_non_null(mkdtemp(dir));
	snprintf(net, sizeof(net), "%s/net", dir);
	assert_return_code(mkdir(net, 0700), errno);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(from, sizeof(from), "/proc/net/%s", files[i]);
		snprintf(to, sizeof(to), "%s/%s", net, files[i]);
		copy_file(from, to);
	}
	/* Nothing in the namespace moves between the copy and the run. */
	a = run_json(ARGS("--proc-root", dir, "-a", "-j"), &na);
	b = run_json(ARGS("--source=procfs", "-a", "-j"), &nb);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		bool found = false;

		ours += fam_of(&a[i]) != NULL;

		for (size_t k = 0; k < nb && !found; k++)
			found = js_identical(&a[i], &b[k]);
		if (!found)
			fail_msg("only from the copy: %s", a[i].text);
	}
	/* Not an empty comparison: every socket of ours /proc shows. */
	assert_int_equal(ours, fams.n - families_count(&fams, "mptcp"));
	free(a);
	free(b);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(to, sizeof(to), "%s/%s", net, files[i]);
		unlink(to);
	}
	rmdir(net);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_kind_listed_with_its_fields),
	    cmocka_unit_test(procfs_lists_what_netlink_lists),
	    cmocka_unit_test(raw_named_without_raw_diag_warns),
	    cmocka_unit_test(raw_unnamed_is_quiet),
	    cmocka_unit_test(proc_root_copy_reads_as_proc),
	};

	uid = netns_enter_or_skip();
	return harness_run_group(tests, setup, teardown);
}
