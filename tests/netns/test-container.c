// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pure parts of --all-netns: /proc/PID/cgroup text to container, pod
 * and unit (every runtime's layout, v1, v2, hybrid), mountinfo lines to
 * nsfs mount points, the runtimes' state files to names, and the own
 * filter terms over a hand-made origin.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "filter/filter.h"
#include "names/container.h"
#include "netns/netns-list.h"

#define ID "c9b1bafd6f93b039e21fdec1c2799f78cf5db707f87cb5681ca9defd52fc7e6b"
#define UID "8d3b5f4e-2a6c-4f1e-9b7d-0c5e1a2b3c4d"
#define UID_ "8d3b5f4e_2a6c_4f1e_9b7d_0c5e1a2b3c4d"

static void parse(const char *text, struct container_attr *a, int want)
{
	assert_int_equal(container_cgroup_parse(text, strlen(text), a), want);
}

static void test_runtimes(void **state)
{
	static const struct {
		const char *text, *runtime;
	} cases[] = {
		/* podman, cgroupfs manager on a hybrid host (recorded) */
		{"9:name=systemd:/libpod_parent/libpod-" ID "\n"
		 "1:cpu:/libpod_parent/libpod-" ID "\n"
		 "0::/libpod_parent/libpod-" ID "\n", "podman"},
		{"0::/machine.slice/libpod-" ID ".scope/container\n", "podman"},
		{"0::/system.slice/docker-" ID ".scope\n", "docker"},
		{"12:pids:/docker/" ID "\n0::/docker/" ID "\n", "docker"},
		{"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-"
		 "pod" UID_ ".slice/cri-containerd-" ID ".scope\n", "containerd"},
		{"0::/kubepods.slice/kubepods-pod" UID_ ".slice/crio-" ID
		 ".scope\n", "crio"},
	};
	struct container_attr a;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		parse(cases[i].text, &a, 0);
		assert_string_equal(a.runtime, cases[i].runtime);
		assert_string_equal(a.id, ID);
		/* A container's scope is not its unit. */
		assert_string_equal(a.unit, "");
	}
}

static void test_pods(void **state)
{
	struct container_attr a;

	(void)state;
	parse("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-"
	      "pod" UID_ ".slice/cri-containerd-" ID ".scope\n", &a, 0);
	assert_string_equal(a.pod_uid, UID);
	/* cgroupfs driver: pod<uid>/<id>, no runtime in the path */
	parse("4:memory:/kubepods/burstable/pod" UID "/" ID "\n", &a, 0);
	assert_string_equal(a.pod_uid, UID);
	assert_string_equal(a.id, ID);
	assert_null(a.runtime);
	/* not a uid: wrong length, bad digit */
	parse("0::/kubepods/pod1234\n", &a, -ENOENT);
	parse("0::/kubepods/burstable/podzd3b5f4e-2a6c-4f1e-9b7d-0c5e1a2b3c4d\n",
	      &a, -ENOENT);
}

static void test_units(void **state)
{
	struct container_attr a;

	(void)state;
	parse("0::/system.slice/demo.service\n", &a, 0);
	assert_string_equal(a.unit, "demo.service");
	parse("0::/user.slice/user-0.slice/session-3.scope\n", &a, 0);
	assert_string_equal(a.unit, "session-3.scope");
	/* hybrid: the v2 line wins over name=systemd */
	parse("1:name=systemd:/system.slice/old.service\n"
	      "0::/system.slice/demo.service\n", &a, 0);
	assert_string_equal(a.unit, "demo.service");
	/* v1 only: name=systemd says it; another controller never does */
	parse("3:cpu:/system.slice/cpu.service\n"
	      "1:name=systemd:/system.slice/nginx.service\n", &a, 0);
	assert_string_equal(a.unit, "nginx.service");
	parse("3:cpu:/system.slice/cpu.service\n", &a, -ENOENT);
	/* nothing: root, a bare ".service", garbage, empty */
	parse("0::/\n", &a, -ENOENT);
	parse("0::/.service\n", &a, -ENOENT);
	parse("no colons at all", &a, -ENOENT);
	parse("", &a, -ENOENT);
	/* conmon's scope is no container */
	parse("0::/machine.slice/libpod-conmon-" ID ".scope\n", &a, 0);
	assert_string_equal(a.id, "");
	assert_string_equal(a.unit, "libpod-conmon-" ID ".scope");
	/* a short or non-hex id is no id */
	parse("0::/system.slice/docker-abc.scope\n", &a, 0);
	assert_string_equal(a.id, "");
	assert_string_equal(a.unit, "docker-abc.scope");
}

static void test_mountinfo(void **state)
{
	char mnt[64];
	const char *nsfs = "651 30 0:4 net:[4026532304] /run/netns/a\\040b "
			   "rw shared:1 - nsfs nsfs rw";
	const char *ext4 = "29 1 254:1 / / rw,relatime shared:1 - ext4 "
			   "/dev/vda rw";

	(void)state;
	assert_int_equal(netns_mountinfo_nsfs(nsfs, strlen(nsfs), mnt,
					      sizeof(mnt)), 0);
	assert_string_equal(mnt, "/run/netns/a b");
	assert_int_equal(netns_mountinfo_nsfs(ext4, strlen(ext4), mnt,
					      sizeof(mnt)), -ENOENT);
	assert_int_equal(netns_mountinfo_nsfs("1 2 3", 5, mnt, sizeof(mnt)),
			 -EINVAL);
	assert_int_equal(netns_mountinfo_nsfs(nsfs, strlen(nsfs), mnt, 8),
			 -ENAMETOOLONG);
	/* no " - " separator */
	assert_int_equal(netns_mountinfo_nsfs("1 2 3 4 5 6 nsfs", 16, mnt,
					      sizeof(mnt)), -EINVAL);
}

static void put_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_names(void **state)
{
	char dir[] = "/tmp/sst-names-XXXXXX", p[256];
	struct container_roots roots;
	struct container_names *c;
	char *name = NULL, *ns = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/vfs-containers", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/vfs-containers/containers.json", dir);
	put_file(p, "[{\"id\":\"" ID "\",\"names\":[\"web1\"]},"
		    "{\"id\":\"x\",\"names\":[]}]");
	snprintf(p, sizeof(p), "%s/containers", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/containers/" ID, dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/containers/" ID "/config.v2.json", dir);
	put_file(p, "{\"Name\":\"/db\",\"Id\":\"" ID "\"}");
	snprintf(p, sizeof(p), "%s/kube-system_coredns-7db6d8ff4d-abcde_" UID,
		 dir);
	assert_int_equal(mkdir(p, 0700), 0);

	roots = (struct container_roots){.podman = dir, .docker = dir,
					 .pods = dir};
	assert_int_equal(container_names_new(&roots, &c), 0);
	assert_int_equal(container_names_get(c, "podman", ID, &name), 0);
	assert_string_equal(name, "web1");
	free(name);
	assert_int_equal(container_names_get(c, "podman", "x", &name),
			 -ENOENT);
	assert_int_equal(container_names_get(c, "podman", "y", &name),
			 -ENOENT);
	assert_int_equal(container_names_get(c, "docker", ID, &name), 0);
	assert_string_equal(name, "db");
	free(name);
	assert_int_equal(container_names_get(c, "crio", ID, &name), -ENOENT);
	assert_int_equal(container_names_get(c, NULL, ID, &name), -ENOENT);
	assert_int_equal(container_names_pod(c, UID, &ns, &name), 0);
	assert_string_equal(ns, "kube-system");
	assert_string_equal(name, "coredns-7db6d8ff4d-abcde");
	free(ns);
	free(name);
	assert_int_equal(container_names_pod(c, "nope", &ns, &name), -ENOENT);
	container_names_free(c);
	container_names_free(NULL);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

static bool match(const char *text, const struct sock_origin *o)
{
	const struct filter_env env = {.no_resolve = true};
	const struct sock_rec rec = {.family = 2, .has_uid = true, .uid = 0};
	struct filter_error err;
	struct filter *f = NULL;
	bool m;

	assert_int_equal(filter_parse(text, &env, &f, &err), 0);
	m = filter_match_in(f, &rec, o);
	filter_free(f);
	return m;
}

static void test_filter_terms(void **state)
{
	const struct sock_origin o = {
		.netns_inode = 4026532304,
		.netns_name = "blue",
		.ctr_runtime = "podman",
		.ctr_id = ID,
		.ctr_name = "web1",
		.pod_uid = UID,
		.pod_namespace = "kube-system",
		.pod_name = "coredns",
		.unit = "demo.service",
	};
	const struct filter_env env = {.no_resolve = true};
	struct filter_error err;
	struct filter *f = NULL;

	(void)state;
	assert_true(match("netns = blue", &o));
	assert_true(match("netns 4026532304", &o));
	assert_false(match("netns = red", &o));
	assert_true(match("netns != red", &o));
	assert_true(match("container = web1", &o));
	assert_true(match("container = web*", &o));
	assert_true(match("container = c9b1ba", &o));
	assert_false(match("container = c9", &o)); /* too short for an id */
	assert_true(match("pod = kube-system/coredns", &o));
	assert_true(match("pod = coredns and pod = " UID, &o));
	assert_true(match("unit = demo.service", &o));
	assert_true(match("uid = 0 and user = root", &o));
	assert_false(match("uid = 1", &o));
	/* nothing known: "=" false, "!=" true */
	assert_false(match("container = web1", NULL));
	assert_true(match("container != web1", NULL));
	assert_int_equal(filter_parse("user = no-such-user-here", &env, &f,
				      &err), -EINVAL);
	assert_string_equal(err.msg, "unknown user 'no-such-user-here'");
	assert_int_equal(filter_parse("container", &env, &f, &err), -EINVAL);
	/* -K --all-netns wants a netns or container term */
	assert_int_equal(filter_parse("unit = a.service", &env, &f, &err), 0);
	assert_false(filter_names_origin(f));
	filter_free(f);
	assert_int_equal(filter_parse("dport = :80 or not container = x",
				      &env, &f, &err), 0);
	assert_true(filter_names_origin(f));
	filter_free(f);
}

/* Shorthand: an origin naming container @id (@name), pod @uid, @unit. */
static struct sock_origin who(const char *id, const char *name,
			      const char *uid, const char *unit)
{
	return (struct sock_origin){.nsid = -1,
				    .ctr_runtime = id ? "podman" : NULL,
				    .ctr_id = id,
				    .ctr_name = name,
				    .pod_uid = uid,
				    .unit = unit};
}

/* Every field of @a is @b's (the same pointers). */
static void same_origin(const struct sock_origin *a,
			const struct sock_origin *b)
{
	assert_int_equal(a->netns_inode, b->netns_inode);
	assert_ptr_equal(a->netns_name, b->netns_name);
	assert_int_equal(a->nsid, b->nsid);
	assert_ptr_equal(a->ctr_runtime, b->ctr_runtime);
	assert_ptr_equal(a->ctr_id, b->ctr_id);
	assert_ptr_equal(a->ctr_name, b->ctr_name);
	assert_ptr_equal(a->pod_uid, b->pod_uid);
	assert_ptr_equal(a->pod_namespace, b->pod_namespace);
	assert_ptr_equal(a->pod_name, b->pod_name);
	assert_ptr_equal(a->unit, b->unit);
}

static void test_decide(void **state)
{
	const struct sock_origin ns = {
		.netns_inode = 4026532304, .netns_name = "blue", .nsid = 3,
		.ctr_runtime = "podman", .ctr_id = "nsid", .ctr_name = "first",
		.pod_uid = "nspod", .unit = "ns.service",
	};
	const struct sock_origin web1 = who("id1", "web1", "pod1", "a.scope"),
				 web1b = who("id1", "web1", "pod1", "a.scope"),
				 web2 = who("id2", "web2", "pod1", "a.scope"),
				 host = who(NULL, NULL, NULL, "sshd.service");
	const struct sock_origin *v[3];
	struct sock_origin r;

	(void)state;
	/* No holder, or none readable: the namespace's answer whole. */
	container_origin_decide(&ns, NULL, 0, &r);
	same_origin(&r, &ns);
	v[0] = v[1] = NULL;
	container_origin_decide(&ns, v, 2, &r);
	same_origin(&r, &ns);
	/* One holder: its container, pod, unit; the namespace's netns. */
	v[0] = &web2;
	container_origin_decide(&ns, v, 1, &r);
	assert_int_equal(r.netns_inode, 4026532304);
	assert_string_equal(r.netns_name, "blue");
	assert_int_equal(r.nsid, 3);
	assert_string_equal(r.ctr_id, "id2");
	assert_string_equal(r.ctr_name, "web2");
	assert_string_equal(r.ctr_runtime, "podman");
	assert_string_equal(r.pod_uid, "pod1");
	assert_string_equal(r.unit, "a.scope");
	/* Holders that agree (equal strings, not the same pointers), and
	 * an unreadable one among them, which says nothing. */
	v[0] = &web1;
	v[1] = NULL;
	v[2] = &web1b;
	container_origin_decide(&ns, v, 3, &r);
	assert_string_equal(r.ctr_name, "web1");
	assert_string_equal(r.unit, "a.scope");
	/* Two containers of one pod: no container, the pod, the unit. */
	v[1] = &web2;
	container_origin_decide(&ns, v, 3, &r);
	assert_null(r.ctr_id);
	assert_null(r.ctr_name);
	assert_null(r.ctr_runtime);
	assert_string_equal(r.pod_uid, "pod1");
	assert_string_equal(r.unit, "a.scope");
	/* A host process in no container: none, not the namespace's. */
	v[0] = &host;
	container_origin_decide(&ns, v, 1, &r);
	assert_null(r.ctr_id);
	assert_null(r.pod_uid);
	assert_string_equal(r.unit, "sshd.service");
	/* A container and a host process: they differ on all three. */
	v[1] = &web1;
	container_origin_decide(&ns, v, 2, &r);
	assert_null(r.ctr_id);
	assert_null(r.pod_uid);
	assert_null(r.unit);
	assert_string_equal(r.netns_name, "blue");
}

/* The per-pid cache over a made-up /proc: each pid's cgroup read once. */
static void test_cache(void **state)
{
	char dir[] = "/tmp/sst-proc-XXXXXX", p[256];
	struct container_roots roots;
	struct container_cache *c;
	const struct sock_origin *o, *o2;
	struct sock_origin ns = {.nsid = -1};
	const uint32_t pids[] = {7, 8, 9};
	char *strings[8] = {0};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/vfs-containers", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/vfs-containers/containers.json", dir);
	put_file(p, "[{\"id\":\"" ID "\",\"names\":[\"web1\"]}]");
	snprintf(p, sizeof(p), "%s/7", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/7/cgroup", dir);
	put_file(p, "9:name=systemd:/libpod_parent/libpod-" ID "\n0::/\n");
	snprintf(p, sizeof(p), "%s/8", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/8/cgroup", dir);
	put_file(p, "0::/system.slice/demo.service\n");

	roots = (struct container_roots){.podman = dir, .docker = dir,
					 .pods = dir};
	assert_int_equal(container_cache_new(dir, &roots, &c), 0);
	assert_int_equal(container_cache_pid(c, 7, &o), 0);
	assert_string_equal(o->ctr_runtime, "podman");
	assert_string_equal(o->ctr_id, ID);
	assert_string_equal(o->ctr_name, "web1");
	assert_null(o->unit);
	assert_int_equal(o->netns_inode, 0);
	assert_int_equal(o->nsid, -1);
	/* Asked again: the answer kept, not the file read anew. */
	snprintf(p, sizeof(p), "%s/7/cgroup", dir);
	put_file(p, "0::/system.slice/other.service\n");
	assert_int_equal(container_cache_pid(c, 7, &o2), 0);
	assert_ptr_equal(o2, o);
	assert_int_equal(container_cache_pid(c, 8, &o), 0);
	assert_null(o->ctr_id);
	assert_string_equal(o->unit, "demo.service");
	/* A process gone, and pid 0, say -ENOENT (the former kept too). */
	assert_int_equal(container_cache_pid(c, 9, &o), -ENOENT);
	assert_int_equal(container_cache_pid(c, 9, &o), -ENOENT);
	assert_int_equal(container_cache_pid(c, 0, &o), -ENOENT);
	/* The namespace's attribution: the first each of them says. */
	assert_int_equal(container_origin_fill(c, pids, 3, &ns, strings, 8),
			 0);
	assert_string_equal(ns.ctr_id, ID);
	assert_string_equal(ns.ctr_name, "web1");
	assert_string_equal(ns.unit, "demo.service");
	assert_null(ns.pod_uid);
	for (size_t i = 0; i < 8; i++)
		free(strings[i]);
	/* Forgotten: read anew. */
	container_cache_forget(c);
	assert_int_equal(container_cache_pid(c, 7, &o), 0);
	assert_null(o->ctr_id);
	assert_string_equal(o->unit, "other.service");
	container_cache_free(c);
	container_cache_free(NULL);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runtimes),
		cmocka_unit_test(test_pods),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_filter_terms),
		cmocka_unit_test(test_decide),
		cmocka_unit_test(test_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
