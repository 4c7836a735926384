// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "out-json.h"
#include "out.h"
#include "owners/owners.h"

/*
 * JSON, schema version 1 (documented in sockscope(8)). -j streams one
 * object, {"schema_version":1,"sockets":[...],"warnings":[...]}; --ndjson
 * writes one self-contained socket object per line. Keys are absent, not
 * null, when the kernel did not say.
 */

#define SCHEMA_VERSION 1

static void member_addr(struct out *o, const char *key, int family,
			const uint8_t *addr)
{
	char buf[64];

	out_json_member(o, key);
	buf[0] = '"';
	size_t n = out_fmt_addr(family, addr, buf + 1);
	buf[n + 1] = '"';
	obuf_put(&o->ob, buf, n + 2);
}

static void member_interface(struct out *o, uint32_t ifindex)
{
	const char *name = names_ifname(o->names, ifindex);

	if (name)
		out_json_name(o, "interface", name, strnlen(name, IF_NAMESIZE));
	out_json_u64(o, "interface_index", ifindex);
}

/* -r: the host name next to the address, when it has one. */
static void member_host(struct out *o, const char *key, int family,
			const uint8_t *addr)
{
	const char *name = names_host(o->names, family, addr);

	if (name)
		out_json_name(o, key, name, strlen(name));
}

static void inet_members(struct out *o, const struct sock_rec *rec)
{
	member_addr(o, "local_address", rec->family, rec->local_addr);
	if (names_hosts_wanted(o->names))
		member_host(o, "local_host", rec->family, rec->local_addr);
	out_json_u64(o, "local_port", rec->local_port);
	member_addr(o, "peer_address", rec->family, rec->peer_addr);
	if (names_hosts_wanted(o->names))
		member_host(o, "peer_host", rec->family, rec->peer_addr);
	out_json_u64(o, "peer_port", rec->peer_port);
	if (rec->netid == SOCK_NETID_RAW)
		out_json_u64(o, "protocol", rec->protocol);
	if (rec->ifindex)
		member_interface(o, rec->ifindex);
	if (rec->v6only >= 0)
		out_json_bool(o, "v6only", rec->v6only);
}

static void unix_members(struct out *o, const struct sock_rec *rec)
{
	if (rec->path && rec->path_len) {
		/* Abstract names begin with NUL; like ss, show it as '@'
		 * and say so, since a file name may begin with '@' too. */
		bool abstract = rec->path[0] == '\0';
		char buf[1 + 4096];
		size_t len = rec->path_len < sizeof(buf) ? rec->path_len
							 : sizeof(buf);

		memcpy(buf, rec->path, len);
		if (abstract)
			buf[0] = '@';
		out_json_name(o, "path", buf, len);
		out_json_bool(o, "abstract", abstract);
	}
	if (rec->peer_inode)
		out_json_u64(o, "peer_inode", rec->peer_inode);
	if (rec->has_vfs) {
		out_json_u64(o, "vfs_dev", rec->vfs_dev);
		out_json_u64(o, "vfs_inode", rec->vfs_inode);
	}
}

static void packet_members(struct out *o, const struct sock_rec *rec)
{
	out_json_u64(o, "protocol", rec->protocol);
	if (rec->ifindex)
		member_interface(o, rec->ifindex);
}

static void netlink_members(struct out *o, const struct sock_rec *rec)
{
	const char *name = sock_netlink_proto_name(rec->protocol);

	out_json_u64(o, "protocol", rec->protocol);
	if (name)
		out_json_str(o, "protocol_name", name);
	out_json_u64(o, "portid", rec->portid);
	/* Connected to the kernel is port id 0, still a peer. */
	if (rec->nl_connected || rec->dst_portid) {
		out_json_u64(o, "peer_portid", rec->dst_portid);
		out_json_u64(o, "peer_group", rec->dst_group);
	}
	out_json_u64(o, "groups", rec->groups);
}

/* A string from outside (a name a user or a runtime chose). */
static void member_text(struct out *o, const char *key, const char *s)
{
	out_json_name(o, key, s, strlen(s));
}

/* "container": {"runtime","id","name"} of @g, when it names one. */
static void container_member(struct out *o, const struct sock_origin *g)
{
	if (!g || !g->ctr_id)
		return;
	out_json_member(o, "container");
	out_json_begin(o, '{');
	if (g->ctr_runtime)
		out_json_str(o, "runtime", g->ctr_runtime);
	out_json_str(o, "id", g->ctr_id);
	if (g->ctr_name)
		member_text(o, "name", g->ctr_name);
	out_json_close(o, '}');
}

/* "pod": {"uid","namespace","name"} of @g, when it names one. */
static void pod_member(struct out *o, const struct sock_origin *g)
{
	if (!g || !g->pod_uid)
		return;
	out_json_member(o, "pod");
	out_json_begin(o, '{');
	out_json_str(o, "uid", g->pod_uid);
	if (g->pod_namespace)
		member_text(o, "namespace", g->pod_namespace);
	if (g->pod_name)
		member_text(o, "name", g->pod_name);
	out_json_close(o, '}');
}

/* "container", "pod" and "unit" of @g (NULL: none), each when known. */
static void runner_members(struct out *o, const struct sock_origin *g)
{
	container_member(o, g);
	pod_member(o, g);
	if (g && g->unit)
		member_text(o, "unit", g->unit);
}

/* -p: "processes": [{"pid","comm","fd"}...] on every socket, empty when
 * no owner is known, so that a script can always iterate it; when some
 * processes could not be looked at and none is known to hold the socket,
 * "processes_unknown": true as well. Inode 0 is a socket no file holds. */
static void processes_members(struct out *o, const struct sock_rec *rec)
{
	size_t n;
	const struct owners_entry *v = names_owners(o->names, rec->inode, &n);

	if (!n && rec->inode && names_owners_stats(o->names)->unreadable)
		out_json_bool(o, "processes_unknown", true);
	out_json_member(o, "processes");
	out_json_begin(o, '[');
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *comm = names_owner_comm(o->names, &v[i], &len);

		out_json_member(o, NULL);
		out_json_begin(o, '{');
		out_json_u64(o, "pid", v[i].pid);
		if (comm)
			out_json_name(o, "comm", comm, len);
		out_json_u64(o, "fd", (unsigned long long)v[i].fd);
		/* --all-netns only: plain -p's objects stay as they were. */
		if (o->opts->all_netns)
			runner_members(o, names_pid_origin(o->names,
							   (int32_t)v[i].pid));
		out_json_close(o, '}');
	}
	out_json_close(o, ']');
}

/* --all-netns: where the socket is. Each key only when known. */
static void origin_members(struct out *o, const struct sock_rec *rec,
			   const struct sock_origin *ns)
{
	/* What runs it: the table's and the filter's answer too. */
	const struct sock_origin *g = names_sock_origin(o->names, rec, ns);

	/* Inode 0: not known (an ss -D file says nothing of it): absent,
	 * as every key of these is when unknown. */
	if (g->netns_inode) {
		out_json_member(o, "netns");
		out_json_begin(o, '{');
		out_json_u64(o, "inode", g->netns_inode);
		if (g->netns_name)
			member_text(o, "name", g->netns_name);
		if (g->nsid >= 0)
			out_json_u64(o, "nsid", (unsigned long long)g->nsid);
		out_json_close(o, '}');
	}
	runner_members(o, g);
}

static void sock_object(struct out *o, const struct sock_rec *rec,
			bool with_version)
{
	const char *family = sock_family_name(rec->family);

	out_json_begin(o, '{');
	if (with_version)
		out_json_u64(o, "schema_version", SCHEMA_VERSION);
	out_json_str(o, "netid", sock_netid_name(rec->netid));
	out_json_str(o, "family", family ? family : "unknown");
	out_json_str(o, "state", sock_state_name(rec->state));
	out_json_u64(o, "recv_q", rec->recv_q);
	out_json_u64(o, "send_q", rec->send_q);
	switch (rec->family) {
	case AF_INET:
	case AF_INET6:
		inet_members(o, rec);
		break;
	case AF_UNIX:
		unix_members(o, rec);
		break;
	case AF_PACKET:
		packet_members(o, rec);
		break;
	case AF_NETLINK:
		netlink_members(o, rec);
		break;
	}
	out_json_u64(o, "inode", rec->inode);
	if (rec->has_uid)
		out_json_u64(o, "uid", rec->uid);
	if (rec->has_cookie)
		out_json_u64(o, "cookie", rec->cookie);
	if (o->origin)
		origin_members(o, rec, o->origin);
	if (names_has_owners(o->names))
		processes_members(o, rec);
	out_json_detail(o, rec);
	out_json_str(o, "source",
		   rec->source == SOCK_SOURCE_PROCFS ? "procfs" : "netlink");
	out_json_close(o, '}');
}

static int json_begin(struct out *o)
{
	out_json_begin(o, '{');
	out_json_u64(o, "schema_version", SCHEMA_VERSION);
	out_json_member(o, "sockets");
	out_json_begin(o, '[');
	return 0;
}

static int json_sock(struct out *o, const struct sock_rec *rec)
{
	out_json_member(o, NULL);
	sock_object(o, rec, false);
	return 0;
}

static int json_warning(struct out *o, const struct sock_warning *w)
{
	struct json *j = o->state;
	struct sock_warning *v =
		realloc(j->warnings, (j->nwarnings + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[j->nwarnings++] = *w;
	j->warnings = v;
	return 0;
}

/* -p's warning: no table, no source of sockets. */
static void owners_warning(struct out *o, const struct sock_warning *w)
{
	out_json_str(o, "error", "EACCES");
	out_json_u64(o, "unknown_owners", w->owners_unknown);
	out_json_u64(o, "unreadable_processes", w->procs_unreadable);
	out_json_str(o, "message",
		     "the owners of some listed sockets are unknown: some "
		     "processes' descriptors could not be read");
	out_json_close(o, '}');
}

/* --all-netns: a namespace not entered, or processes not looked at. */
static void netns_warning(struct out *o, const struct sock_warning *w)
{
	const char *name = strerrorname_np(-w->err);

	out_json_member(o, "netns");
	out_json_begin(o, '{');
	if (w->netns_inode)
		out_json_u64(o, "inode", w->netns_inode);
	member_text(o, "path", w->netns_path);
	out_json_close(o, '}');
	out_json_str(o, "error", name ? name : "EUNKNOWN");
	if (w->skipped)
		out_json_u64(o, "processes", w->skipped);
	out_json_str(o, "message", strerror(-w->err));
	out_json_close(o, '}');
}

static int json_end(struct out *o)
{
	struct json *j = o->state;

	out_json_close(o, ']');
	out_json_member(o, "warnings");
	out_json_begin(o, '[');
	for (size_t i = 0; i < j->nwarnings; i++) {
		const struct sock_warning *w = &j->warnings[i];
		const char *name = strerrorname_np(-w->err);

		out_json_member(o, NULL);
		out_json_begin(o, '{');
		if (w->owners_unknown) {
			owners_warning(o, w);
			continue;
		}
		if (w->netns_path) {
			netns_warning(o, w);
			continue;
		}
		out_json_str(o, "netid", sock_netid_name(w->netid));
		out_json_str(o, "family", sock_family_name(w->family)
						? sock_family_name(w->family)
						: "unknown");
		out_json_str(o, "source", w->source == SOCK_SOURCE_PROCFS
						? "procfs"
						: "netlink");
		out_json_str(o, "error", name ? name : "EUNKNOWN");
		if (w->dropped) {
			out_json_u64(o, "dropped_attributes", w->dropped);
			out_json_str(o, "message",
				     "attributes of unexpected size left out");
		} else if (w->repeated) {
			out_json_u64(o, "repeated_lines", w->repeated);
			out_json_str(o, "message", "repeated lines dropped");
		} else if (w->skipped) {
			out_json_u64(o, "skipped_lines", w->skipped);
			out_json_str(o, "message", "malformed lines skipped");
		} else if (w->err == -ENOSYS) {
			out_json_str(o, "message",
				     "sockscope cannot collect this table from "
				     "this source; the kernel was not asked");
		} else {
			out_json_str(o, "message", strerror(-w->err));
		}
		out_json_close(o, '}');
	}
	out_json_close(o, ']');
	out_json_close(o, '}');
	obuf_putc(&o->ob, '\n');
	return 0;
}

static void json_done(struct out *o)
{
	struct json *j = o->state;

	free(j->warnings);
}

const struct out_ops out_json_ops = {
	.state_size = sizeof(struct json),
	.begin = json_begin,
	.sock = json_sock,
	.warning = json_warning,
	.end = json_end,
	.done = json_done,
};

static int ndjson_sock(struct out *o, const struct sock_rec *rec)
{
	struct json *j = o->state;

	j->first = true;
	sock_object(o, rec, true);
	obuf_putc(&o->ob, '\n');
	return 0;
}

/* One event line; @was (NULL: none) adds the "previous" values. */
static int event_line(struct out *o, const char *event, const char *timestamp,
		      uint64_t timestamp_us, const struct sock_rec *rec,
		      const struct sock_rec *was)
{
	struct json *j = o->state;

	j->first = true;
	out_json_begin(o, '{');
	out_json_u64(o, "schema_version", SCHEMA_VERSION);
	out_json_str(o, "event", event);
	out_json_str(o, "timestamp", timestamp);
	out_json_u64(o, "timestamp_us", timestamp_us);
	out_json_member(o, "socket");
	sock_object(o, rec, false);
	if (was) {
		out_json_open(o, "previous", '{');
		out_json_str(o, "state", sock_state_name(was->state));
		out_json_u64(o, "recv_q", was->recv_q);
		out_json_u64(o, "send_q", was->send_q);
		out_json_close(o, '}');
	}
	out_json_close(o, '}');
	obuf_putc(&o->ob, '\n');
	return obuf_error(&o->ob);
}

int out_ndjson_event(struct out *o, const char *event, const char *timestamp,
		     uint64_t timestamp_us, const struct sock_rec *rec)
{
	return event_line(o, event, timestamp, timestamp_us, rec, NULL);
}

int out_ndjson_change(struct out *o, const char *timestamp,
		      uint64_t timestamp_us, const struct sock_rec *rec,
		      const struct sock_rec *was)
{
	return event_line(o, "changed", timestamp, timestamp_us, rec, was);
}

const struct out_ops out_ndjson_ops = {
	.state_size = sizeof(struct json),
	.sock = ndjson_sock,
};
