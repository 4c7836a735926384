// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * -p in the formatters, with owners from a fake /proc: the table's Process
 * column as ss prints it, JSON "processes" with names made safe, and
 * "processes_unknown" only where an owner may have been hidden.
 */
#include <ftw.h>

#include "json-strict.h"
#include "out-capture.h"

#include "src/owners/owners.h"

static char root[64];

static void mk(const char *rel, const char *target, const char *text,
		size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	if (target) {
		assert_int_equal(symlink(target, path), 0);
	} else if (text) {
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, text, len), (ssize_t)len);
		close(fd);
	} else {
		assert_int_equal(mkdir(path, 0755), 0);
	}
}

#define DIR(rel) mk(rel, NULL, NULL, 0)
#define LINK(rel, target) mk(rel, target, NULL, 0)
#define TEXT(rel, lit) mk(rel, NULL, lit, sizeof(lit) - 1)

/* nginx 100 and 101 share :80 (inode 1080); 200, with a name that is
 * neither text nor UTF-8, holds :22 (1022); nobody holds :99 (1099). */
static void make_tree(void)
{
	strcpy(root, "/tmp/owners-out-XXXXXX");
	assert_non_null(mkdtemp(root));
	DIR("100");
	DIR("100/fd");
	LINK("100/fd/3", "socket:[1080]");
	TEXT("100/comm", "nginx\n");
	DIR("101");
	DIR("101/fd");
	LINK("101/fd/6", "socket:[1080]");
	TEXT("101/comm", "nginx\n");
	DIR("200");
	DIR("200/fd");
	LINK("200/fd/4", "socket:[1022]");
	TEXT("200/comm", "bad\xff\x1b\n");
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static void remove_tree(void)
{
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A capture whose out has @m as its owners from the start. */
static struct capture *start_owned(const struct options *opts,
				   struct owners *m)
{
	struct capture *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->opts = *opts;
	c->fd = memfd_create("out", MFD_CLOEXEC);
	assert_true(c->fd >= 0);
	assert_int_equal(names_new(&c->opts, m, &c->names), 0);
	assert_int_equal(out_new(&c->opts, c->names, c->fd, &c->out), 0);
	assert_int_equal(out_begin(c->out), 0);
	return c;
}

static struct owners *scan_tree(void)
{
	struct owners *m;

	assert_int_equal(owners_scan(root, 1, &m), 0);
	return m;
}

/* The line of @text holding @needle, as a new string. */
static char *line_with(const char *text, const char *needle)
{
	const char *at = strstr(text, needle), *start, *end;

	if (!at)
		fail_msg("no line with \"%s\" in:\n%s", needle, text);
	for (start = at; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(at, '\n');
	return strndup(start, (size_t)(end - start));
}

static void table_process_column_as_ss(void **state)
{
	struct options opts = table_opts(TCP);
	struct owners *m;
	struct capture *c;
	struct sock_rec r80 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0",
				   0, 0, 511);
	struct sock_rec r22 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				   0, 0, 128);
	struct sock_rec r99 = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 99,
				   "10.0.0.2", 40000, 0, 0);
	const char *text;
	char *head, *l80, *l22, *l99;

	make_tree();
	m = scan_tree();
	c = start_owned(&opts, m);
	put(c, &r80);
	put(c, &r22);
	put(c, &r99);
	text = finish(c);

	head = line_with(text, "Process");
	l80 = line_with(text, ":80 ");
	l22 = line_with(text, ":22 ");
	l99 = line_with(text, ":99 ");
	assert_non_null(strstr(
		l80, " users:((\"nginx\",pid=100,fd=3),(\"nginx\",pid=101,fd=6))"));
	assert_non_null(strstr(l22, " users:((\"bad\\xff\\x1b\",pid=200,fd=4))"));
	/* The cell is last, and starts where its title does, after a blank
	 * (ss prints "PortProcess" and " users:(...)" in one column). */
	assert_int_equal(strstr(l80, "users:") - l80, strstr(head, "Process") - head + 1);
	assert_int_equal(strstr(l22, "users:") - l22, strstr(head, "Process") - head + 1);
	assert_string_equal(head + strlen(head) - 7, "Process");
	/* No owner: no cell, and no blanks where it would be. */
	assert_null(strstr(l99, "users:"));
	assert_true(l99[strlen(l99) - 1] != ' ');
	free(head);
	free(l80);
	free(l22);
	free(l99);
	capture_free(c);
	owners_free(m);
	remove_tree();
}

static void table_without_p_has_no_process_column(void **state)
{
	struct options opts = table_opts(TCP);
	struct capture *c = start(&opts);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0", 0,
				 0, 511);
	const char *text;

	put(c, &r);
	text = finish(c);
	assert_null(strstr(text, "Process"));
	assert_null(strstr(text, "users:"));
	capture_free(c);
}

/* The socket object of @doc whose local_port is @port. */
static struct json_object *sock_at(struct json_object *doc, int port)
{
	struct json_object *socks = json_get(doc, "sockets");

	for (size_t i = 0; i < json_object_array_length(socks); i++) {
		struct json_object *s = json_object_array_get_idx(socks, i);
		if (json_object_get_int(json_get(s, "local_port")) == port)
			return s;
	}
	fail_msg("no socket on port %d", port);
	return NULL;
}

static void json_processes_listed(void **state)
{
	struct options opts = json_opts(OUT_FORMAT_JSON, false);
	struct sock_rec r80 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0",
				   0, 0, 511);
	struct sock_rec r22 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				   0, 0, 128);
	struct sock_rec r99 = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 99,
				   "10.0.0.2", 40000, 0, 0);
	struct json_object *doc, *procs, *p;
	struct owners *m;
	struct capture *c;
	const char *text;

	make_tree();
	m = scan_tree();
	c = start_owned(&opts, m);
	put(c, &r80);
	put(c, &r22);
	put(c, &r99);
	text = finish(c);
	doc = json_parse_strict(text, c->len - 1);

	procs = json_get(sock_at(doc, 80), "processes");
	assert_int_equal(json_object_array_length(procs), 2);
	p = json_object_array_get_idx(procs, 1);
	assert_int_equal(json_object_get_int(json_get(p, "pid")), 101);
	assert_int_equal(json_object_get_int(json_get(p, "fd")), 6);
	assert_string_equal(json_object_get_string(json_get(p, "comm")),
			    "nginx");
	assert_false(json_has(p, "comm_hex"));
	assert_false(json_has(sock_at(doc, 80), "processes_unknown"));

	/* Not UTF-8: replaced in "comm", exact in "comm_hex". */
	p = json_object_array_get_idx(json_get(sock_at(doc, 22), "processes"), 0);
	assert_string_equal(json_object_get_string(json_get(p, "comm")),
			    "bad\xef\xbf\xbd\x1b");
	assert_string_equal(json_object_get_string(json_get(p, "comm_hex")),
			    "626164ff1b");

	/* Every process was read: nobody holds :99. */
	assert_int_equal(
		json_object_array_length(json_get(sock_at(doc, 99), "processes")),
		0);
	assert_false(json_has(sock_at(doc, 99), "processes_unknown"));
	json_object_put(doc);
	capture_free(c);
	owners_free(m);
	remove_tree();
}

static void json_unknown_only_where_an_owner_may_hide(void **state)
{
	struct options opts = json_opts(OUT_FORMAT_NDJSON, false);
	struct sock_rec r80 = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0",
				   0, 0, 511);
	struct sock_rec r99 = tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 99,
				   "10.0.0.2", 40000, 0, 0);
	struct sock_rec tw = tcp4(SOCK_STATE_TIME_WAIT, "10.0.0.1", 98,
				  "10.0.0.2", 40001, 0, 0);
	struct json_object *o80, *o99, *otw;
	struct owners *m;
	struct capture *c;
	const char *text, *nl1, *nl2;

	make_tree();
	/* 300's descriptors cannot be read (its fd/ is no directory). */
	DIR("300");
	TEXT("300/fd", "");
	m = scan_tree();
	assert_int_equal(owners_stats(m)->unreadable, 1);
	tw.inode = 0; /* no file holds a TIME-WAIT socket */
	c = start_owned(&opts, m);
	put(c, &r80);
	put(c, &r99);
	put(c, &tw);
	text = finish(c);
	nl1 = strchr(text, '\n');
	nl2 = strchr(nl1 + 1, '\n');
	o80 = json_parse_strict(text, (size_t)(nl1 - text));
	o99 = json_parse_strict(nl1 + 1, (size_t)(nl2 - nl1 - 1));
	otw = json_parse_strict(nl2 + 1, strlen(nl2 + 1) - 1);

	assert_false(json_has(o80, "processes_unknown"));
	assert_int_equal(json_object_array_length(json_get(o80, "processes")), 2);
	assert_true(json_object_get_boolean(json_get(o99, "processes_unknown")));
	/* The list is there, empty, for `jq '.processes[]'` to walk. */
	assert_true(json_object_is_type(json_get(o99, "processes"),
					json_type_array));
	assert_int_equal(json_object_array_length(json_get(o99, "processes")), 0);
	assert_false(json_has(otw, "processes_unknown"));
	assert_int_equal(json_object_array_length(json_get(otw, "processes")), 0);
	json_object_put(o80);
	json_object_put(o99);
	json_object_put(otw);
	capture_free(c);
	owners_free(m);
	remove_tree();
}

/* --all-netns -p's output of @v (@n records) in namespace @ns, in
 * @opts's format, with the processes of the fake /proc. */
static struct capture *all_netns_out(struct options opts, struct owners *m,
				     const struct sock_origin *ns,
				     const struct sock_rec *v, size_t n)
{
	struct capture *c;

	opts.all_netns = true;
	opts.proc_root = root;
	c = start_owned(&opts, m);
	c->out->origin = ns;
	for (size_t i = 0; i < n; i++)
		put(c, &v[i]);
	finish(c);
	return c;
}

#define ID1 "1111111111111111111111111111111111111111111111111111111111111111"
#define ID2 "2222222222222222222222222222222222222222222222222222222222222222"
#define POD "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"
#define POD_ "0a1b2c3d_4e5f_6071_8293_a4b5c6d7e8f9" /* as systemd slices spell it */

/* --all-netns with -p: make_tree()'s nginx 100 and 101 run in container
 * ID1, 200 in ID2; the namespace's attribution (its first processes')
 * says a third one. Each socket is its holders' container; :99, which
 * nobody holds, the namespace's. */
static void all_netns_each_socket_its_holders(void **state)
{
	static const struct sock_origin ns = {
		.netns_inode = 4026532304, .nsid = -1, .ctr_runtime = "podman",
		.ctr_id = "3333333333333333333333333333333333333333333333333333333333333333",
		.ctr_name = "first", .unit = "ns.scope",
	};
	const struct sock_rec v[] = {
		tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 80, "0.0.0.0", 0, 0, 511),
		tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, 0, 128),
		tcp4(SOCK_STATE_ESTABLISHED, "10.0.0.1", 99, "10.0.0.2", 40000,
		     0, 0),
	};
	struct json_object *doc, *o, *procs;
	struct owners *m;
	struct capture *c;
	char *l80, *l22, *l99;

	make_tree();
	TEXT("100/cgroup", "9:name=systemd:/libpod_parent/libpod-" ID1 "\n0::/\n");
	TEXT("101/cgroup", "0::/machine.slice/libpod-" ID1 ".scope/container\n");
	/* 200: a Kubernetes pod's container (containerd under kubelet). */
	TEXT("200/cgroup", "0::/kubepods.slice/kubepods-besteffort.slice/"
			   "kubepods-besteffort-pod" POD_ ".slice/"
			   "cri-containerd-" ID2 ".scope\n");
	m = scan_tree();

	/* JSON: the socket's container, and each holder's own. */
	c = all_netns_out(json_opts(OUT_FORMAT_JSON, false), m, &ns, v, 3);
	doc = json_parse_strict(c->text, c->len - 1);
	o = sock_at(doc, 80);
	assert_string_equal(json_object_get_string(json_get(json_get(o, "container"), "id")), ID1);
	/* the holders share no unit: none, not the namespace's */
	assert_false(json_has(o, "unit"));
	procs = json_get(o, "processes");
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(json_object_get_string(json_get(json_get(
			json_object_array_get_idx(procs, i), "container"), "id")), ID1);
	o = sock_at(doc, 22);
	assert_string_equal(json_object_get_string(json_get(json_get(o, "container"), "id")), ID2);
	assert_string_equal(json_object_get_string(json_get(json_get(o, "container"), "runtime")), "containerd");
	/* its pod, on the socket and on its one holder */
	assert_string_equal(json_object_get_string(json_get(json_get(o, "pod"), "uid")), POD);
	assert_string_equal(json_object_get_string(json_get(json_get(
		json_object_array_get_idx(json_get(o, "processes"), 0), "pod"), "uid")), POD);
	assert_false(json_has(sock_at(doc, 80), "pod"));
	o = sock_at(doc, 99);
	assert_string_equal(json_object_get_string(json_get(json_get(o, "container"), "name")), "first");
	assert_string_equal(json_object_get_string(json_get(o, "unit")), "ns.scope");
	json_object_put(doc);
	capture_free(c);

	/* The table's Container cell: the same answer (short ids). */
	c = all_netns_out(table_opts(TCP), m, &ns, v, 3);
	l80 = line_with(c->text, ":80 ");
	l22 = line_with(c->text, ":22 ");
	l99 = line_with(c->text, ":99 ");
	assert_non_null(strstr(l80, "4026532304 111111111111 "));
	assert_non_null(strstr(l22, "4026532304 222222222222 "));
	assert_non_null(strstr(l99, "4026532304 first "));
	free(l80);
	free(l22);
	free(l99);
	capture_free(c);
	owners_free(m);
	remove_tree();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_process_column_as_ss),
		cmocka_unit_test(table_without_p_has_no_process_column),
		cmocka_unit_test(json_processes_listed),
		cmocka_unit_test(json_unknown_only_where_an_owner_may_hide),
		cmocka_unit_test(all_netns_each_socket_its_holders),
	};

	return harness_run_group(tests, NULL, NULL);
}
