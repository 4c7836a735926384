// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every collector against the running kernel, in a network namespace of
 * this process's own (unshare(CLONE_NEWNET): root only, else skipped),
 * so the only sockets there are the ones opened here. What the unit
 * tests cannot see: that the kernel accepts each request as built and
 * answers what the parsers expect, and that a family it lacks comes back
 * as a partial error, not a hang.
 */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "nltest.h"
#include "collect.h"


static bool have_netns;

static int make_netns(void **state)
{
	struct ifreq ifr = {.ifr_name = "lo"};
	int fd;

	if (unshare(CLONE_NEWNET) < 0)
		return 0; /* not root: every test skips */
	have_netns = true;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(fd >= 0);
	assert_int_equal(ioctl(fd, SIOCGIFFLAGS, &ifr), 0);
	ifr.ifr_flags |= IFF_UP;
	assert_int_equal(ioctl(fd, SIOCSIFFLAGS, &ifr), 0);
	close(fd);
	return 0;
}

static const struct sock_query all = {
	.netids = QUERY_NETIDS_ALL,
	.families = QUERY_FAMILY_ALL,
	.states = SOCK_STATES_ALL,
};

static int run(const struct collector *c, const struct sock_query *q,
	       int family, struct recs *rs)
{
	struct collect_req req = {
		.family = family,
		.states = query_states_any(q, c->netids),
		.proc_root = "/proc",
		.emit = recs_emit,
		.userdata = rs,
	};

	rs->n = 0;
	return c->collect(&req);
}

static int by_inode(const struct sock_rec *r, const void *arg)
{
	return r->inode == *(const uint32_t *)arg;
}

static uint32_t inode_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return (uint32_t)st.st_ino;
}

static void unix_listener_and_states(void **state)
{
	static const char name[] = "\0sockscope-live";
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct sock_query listening = all;
	const struct sock_rec *r;
	int lst, a[2];
	uint32_t ino;
	struct recs rs;

	if (!have_netns)
		skip();
	memcpy(sa.sun_path, name, sizeof(name) - 1);
	lst = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(lst, &sa,
			      offsetof(struct sockaddr_un, sun_path) +
				      sizeof(name) - 1),
			 0);
	assert_int_equal(listen(lst, 9), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, a),
			 0);
	ino = inode_of(lst);

	assert_int_equal(run(&nl_unix_collector, &all, AF_UNIX, &rs), 0);
	assert_int_equal(rs.n, 3);
	r = recs_get(&rs, by_inode, &ino);
	assert_int_equal(r->netid, SOCK_NETID_UNIX_STREAM);
	assert_int_equal(r->state, SOCK_STATE_LISTEN);
	assert_int_equal(r->send_q, 9);
	assert_int_equal(r->path_len, sizeof(name) - 1);
	assert_memory_equal(r->path, name, sizeof(name) - 1);
	assert_true(r->has_uid);
	assert_int_equal(r->uid, geteuid());

	/* The kernel filters by the states asked for. */
	listening.states = 1u << SOCK_STATE_LISTEN;
	assert_int_equal(run(&nl_unix_collector, &listening, AF_UNIX, &rs),
			 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.r[0].inode, ino);
	close(lst);
	close(a[0]);
	close(a[1]);
}

static void packet_socket_seen(void **state)
{
	const struct sock_rec *r;
	uint32_t ino;
	struct recs rs;
	int fd;

	if (!have_netns)
		skip();
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
	assert_true(fd >= 0);
	ino = inode_of(fd);
	assert_int_equal(run(&nl_packet_collector, &all, AF_PACKET, &rs), 0);
	assert_int_equal(rs.n, 1);
	r = recs_get(&rs, by_inode, &ino);
	assert_int_equal(r->netid, SOCK_NETID_PACKET_DGRAM);
	assert_int_equal(r->protocol, ETH_P_ARP);
	assert_true(r->has_uid);
	close(fd);
}

static int by_portid(const struct sock_rec *r, const void *arg)
{
	return r->portid == *(const uint32_t *)arg;
}

static void netlink_socket_seen_once(void **state)
{
	/* sockaddr_nl is not in glibc's transparent sockaddr union. */
	union {
		struct sockaddr sa;
		struct sockaddr_nl nl;
	} addr = {.nl = {.nl_family = AF_NETLINK,
			 .nl_pid = 0x5ca1e,
			 .nl_groups = RTMGRP_LINK}};
	const struct sock_rec *r;
	uint32_t portid = 0x5ca1e;
	size_t n = 0;
	struct recs rs;
	int fd;

	if (!have_netns)
		skip();
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	assert_int_equal(bind(fd, &addr.sa, sizeof(addr.nl)), 0);
	assert_int_equal(run(&nl_netlink_collector, &all, AF_NETLINK, &rs),
			 0);
	r = recs_get(&rs, by_portid, &portid);
	assert_int_equal(r->protocol, NETLINK_ROUTE);
	assert_int_equal(r->groups, RTMGRP_LINK);
	assert_int_equal(r->inode, inode_of(fd));
	/* The kernel lists it twice (port table, group list). */
	for (size_t i = 0; i < rs.n; i++)
		n += rs.r[i].portid == portid;
	assert_int_equal(n, 1);
	close(fd);
}

static int listen_on(int protocol, uint16_t port)
{
	struct sockaddr_in sa = {.sin_family = AF_INET,
				 .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, protocol);

	if (fd < 0)
		return -errno;
	assert_int_equal(bind(fd, &sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static void tcp_and_mptcp_listeners(void **state)
{
	struct recs rs;
	int tcp, mptcp;

	if (!have_netns)
		skip();
	tcp = listen_on(IPPROTO_TCP, 4301);
	assert_true(tcp >= 0);
	assert_int_equal(run(&nl_tcp_collector, &all, AF_INET, &rs), 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.r[0].local_port, 4301);

	mptcp = listen_on(IPPROTO_MPTCP, 4302);
	if (mptcp == -EPROTONOSUPPORT || mptcp == -ENOPROTOOPT) {
		close(tcp);
		skip(); /* no MPTCP in this kernel */
	}
	assert_true(mptcp >= 0);
	assert_int_equal(run(&nl_mptcp_collector, &all, AF_INET, &rs), 0);
	/* Only the MPTCP socket: the request did not become TCP's. */
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.r[0].netid, SOCK_NETID_MPTCP);
	assert_int_equal(rs.r[0].local_port, 4302);
	assert_int_equal(rs.r[0].inode, inode_of(mptcp));
	close(tcp);
	close(mptcp);
}

static void raw_socket_or_no_module(void **state)
{
	struct recs rs;
	int fd, r;

	if (!have_netns)
		skip();
	fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	assert_true(fd >= 0);
	r = run(&nl_raw_collector, &all, AF_INET, &rs);
	if (r == -ENOENT) { /* no raw_diag: /proc/net/raw covers it */
		close(fd);
		skip();
	}
	assert_int_equal(r, 0);
	assert_int_equal(rs.n, 1);
	assert_int_equal(rs.r[0].protocol, IPPROTO_ICMP);
	assert_int_equal(rs.r[0].local_port, IPPROTO_ICMP);
	close(fd);
}

static void missing_families_are_partial(void **state)
{
	static const struct {
		const struct collector *c;
		int family;
	} cases[] = {
		{&nl_sctp_collector, AF_INET},
		{&nl_sctp_collector, AF_INET6},
		{&nl_xdp_collector, AF_XDP},
		{&nl_raw_collector, AF_INET6},
	};

	if (!have_netns)
		skip();
	/* Whatever this kernel has: an empty namespace answers nothing,
	 * or says it lacks the module (NLMSG_DONE or NLMSG_ERROR). */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct recs rs;
		int r = run(cases[i].c, &all, cases[i].family, &rs);

		assert_true(r == 0 || r == -ENOENT);
		assert_int_equal(rs.n, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unix_listener_and_states),
		cmocka_unit_test(packet_socket_seen),
		cmocka_unit_test(netlink_socket_seen_once),
		cmocka_unit_test(tcp_and_mptcp_listeners),
		cmocka_unit_test(raw_socket_or_no_module),
		cmocka_unit_test(missing_families_are_partial),
	};

	return harness_run_group(tests, make_netns, NULL);
}
