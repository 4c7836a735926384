// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "netns-run.h"
#include "util/seen.h"

/* The kernel's id of the namespace @nsfd as seen from @rtnl_fd's; -1. */
static int32_t nsid_of(int rtnl_fd, int nsfd)
{
	/* Aligned for the header; one request, one short answer. */
	union {
		struct nlmsghdr h;
		char b[1024];
	} buf;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf.b);
	struct rtgenmsg *g;
	struct nlattr *a;
	ssize_t n;
	int32_t id = -1;

	nlh->nlmsg_type = RTM_GETNSID;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);
	if (send(rtnl_fd, nlh, nlh->nlmsg_len, 0) < 0)
		return -1;
	n = recv(rtnl_fd, buf.b, sizeof(buf.b), 0);
	nlh = &buf.h;
	if (n < (ssize_t)sizeof(*nlh) || !mnl_nlmsg_ok(nlh, (int)n) ||
	    nlh->nlmsg_type != RTM_NEWNSID)
		return -1;
	mnl_attr_for_each(a, nlh, sizeof(struct rtgenmsg))
		if (mnl_attr_get_type(a) == NETNSA_NSID &&
		    mnl_attr_get_payload_len(a) == sizeof(int32_t))
			id = (int32_t)mnl_attr_get_u32(a);
	return id;
}

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct netns_list *l;
	const struct netns_run *run;
	bool walking; /* the caller may still add entries */
	/* The dumping thread waits for more (has dumped every entry so far). */
	bool idle;
	pthread_cond_t idle_cv;
	/* Inodes of the sockets dumped, while the caller still needs them to
	 * skip sockets of namespaces known (netns_list_add_pinned()). */
	struct seen dumped;
	bool want_inodes;
	int err;      /* the first error of either thread */
	int rtnl_fd;
};

static void lock_cb(void *data, bool take)
{
	struct shared *s = data;

	if (take)
		pthread_mutex_lock(&s->lock);
	else {
		pthread_cond_signal(&s->more);
		pthread_mutex_unlock(&s->lock);
	}
}

/* The next entry to dump, or NULL when all are done or one failed. */
static struct netns_entry *next_entry(struct shared *s, size_t *pos)
{
	struct netns_entry *e = NULL;

	pthread_mutex_lock(&s->lock);
	while (!s->err && *pos >= s->l->n && s->walking) {
		s->idle = true;
		pthread_cond_signal(&s->idle_cv);
		pthread_cond_wait(&s->more, &s->lock);
	}
	s->idle = false;
	if (!s->err && *pos < s->l->n) {
		e = s->l->v[(*pos)++];
		e->dumped = s->want_inodes ? &s->dumped : NULL;
	}
	pthread_mutex_unlock(&s->lock);
	return e;
}

/* @here: the inode of the namespace the dumping thread is in. */
static int dump_one(struct shared *s, struct netns_entry *e, uint64_t *here)
{
	const struct netns_run *run = s->run;
	const char *root = run->proc_root ? run->proc_root : "/proc";
	int fd, r;
	char path[64 + 4096];

	/* Already there (our own, first): no setns, which an unprivileged
	 * caller may not make even into its own namespace. */
	if (e->inode == *here)
		return run->dump(e, run->userdata);
	fd = netns_entry_open(e);
	/* The task it was found through has exited: another of its
	 * processes may still be there. If none is, say so as a process
	 * that is gone (the namespace may have ended with it). */
	for (size_t i = 0; fd == -ENOENT && !e->pinned && e->fd < 0 &&
			   i < e->npids;
	     i++) {
		snprintf(path, sizeof(path), "%s/%u/ns/net", root, e->pids[i]);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = errno == ENOENT ? -ESRCH : -errno;
	}
	if (fd >= 0 && setns(fd, CLONE_NEWNET) < 0) {
		r = -errno;
		close(fd);
		fd = r;
	}
	if (fd >= 0)
		*here = e->inode;
	if (fd < 0)
		return run->skip(e, fd, run->userdata);
	if (s->rtnl_fd >= 0)
		e->origin.nsid = nsid_of(s->rtnl_fd, fd);
	close(fd);
	r = run->dump(e, run->userdata);
	return r;
}

static void *dumper(void *data)
{
	struct shared *s = data;
	struct netns_entry *e;
	struct stat st;
	uint64_t here = 0;
	size_t pos = 0;

	if (stat("/proc/thread-self/ns/net", &st) == 0)
		here = st.st_ino;
	while ((e = next_entry(s, &pos))) {
		int r = dump_one(s, e, &here);
		if (r < 0) {
			pthread_mutex_lock(&s->lock);
			if (!s->err)
				s->err = r;
			pthread_cond_signal(&s->idle_cv);
			pthread_mutex_unlock(&s->lock);
		}
	}
	return NULL;
}

int netns_run_all(struct netns_list *l, const struct netns_run *run)
{
	struct shared s = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.more = PTHREAD_COND_INITIALIZER,
		.idle_cv = PTHREAD_COND_INITIALIZER,
		.l = l,
		.run = run,
		.walking = run->find_pinned,
		.want_inodes = run->find_pinned,
	};
	pthread_t t;
	int r;

	/* Made here, so it stays in the caller's namespace: nsids are
	 * relative to the namespace that asks. */
	s.rtnl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	r = pthread_create(&t, NULL, dumper, &s);
	if (r) {
		if (s.rtnl_fd >= 0)
			close(s.rtnl_fd);
		return -r;
	}
	if (run->find_pinned) {
		struct netns_sockrefs refs = {0};

		/* Only the walk runs beside the dumps: asking a socket its
		 * namespace (pidfd_getfd, SIOCGSKNS) costs several times a
		 * readlink, and once the namespaces known are dumped, only
		 * sockets none of them held need asking. */
		r = netns_list_walk_sockets(l, run->proc_root, &refs);
		pthread_mutex_lock(&s.lock);
		while (!s.err && !s.idle)
			pthread_cond_wait(&s.idle_cv, &s.lock);
		s.want_inodes = false;
		pthread_mutex_unlock(&s.lock);
		if (r == 0)
			r = netns_list_add_pinned(l, &refs, &s.dumped, lock_cb,
						  &s);
		netns_sockrefs_done(&refs);
		pthread_mutex_lock(&s.lock);
		if (r < 0 && !s.err)
			s.err = r;
		s.walking = false;
		pthread_cond_signal(&s.more);
		pthread_mutex_unlock(&s.lock);
	}
	pthread_join(t, NULL);
	seen_done(&s.dumped);
	if (s.rtnl_fd >= 0)
		close(s.rtnl_fd);
	return s.err;
}

int netns_run_host(const struct netns_run *run,
		   int (*warn)(const struct sock_warning *w, void *data),
		   void *warn_data, struct netns_list **ret_list)
{
	struct netns_list *l = NULL;
	int r = netns_list_find(run->proc_root, &l);

	if (r < 0)
		return r;
	*ret_list = l;
	r = netns_run_all(l, run);
	/* What we may not look at may hide namespaces: say how much. */
	const struct sock_warning hidden[] = {
		{.err = -EACCES,
		 .netns_path = "/proc/PID/task/TID/ns/net",
		 .skipped = l->procs_unreadable},
		{.err = -EPERM,
		 .netns_path = "/proc/PID/fd (sockets' namespaces)",
		 .skipped = l->pinned_unreadable},
	};
	for (size_t i = 0; r >= 0 && i < 2; i++)
		if (hidden[i].skipped)
			r = warn(&hidden[i], warn_data);
	return r;
}
