// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "out-json.h"
#include "out.h"
#include "owners/owners.h"
#include "names/resolve.h"

/*
 * JSON, schema version 1 (documented in sockscope(8)). -j streams one
 * object, {"schema_version":1,"sockets":[...],"warnings":[...]}; --ndjson
 * writes one self-contained socket object per line. Keys are absent, not
 * null, when the kernel did not say.
 */

#define SCHEMA_VERSION 1

struct json {
	size_t nsocks;
	struct sock_warning *warnings; /* printed after the sockets */
	size_t nwarnings;
	int depth;   /* nesting, for --pretty */
	bool first;  /* no member written yet at this depth */
};

static bool pretty(const struct out *o)
{
	return o->opts->pretty;
}

static void newline_indent(struct out *o, int depth)
{
	obuf_putc(&o->ob, '\n');
	obuf_pad(&o->ob, (size_t)depth * 2);
}

/* Starts member @key of the current object (or an element if key NULL). */
static void member(struct out *o, const char *key)
{
	struct json *j = o->state;

	if (!j->first)
		obuf_putc(&o->ob, ',');
	j->first = false;
	if (pretty(o))
		newline_indent(o, j->depth);
	if (key) {
		obuf_putc(&o->ob, '"');
		obuf_puts(&o->ob, key);
		obuf_puts(&o->ob, pretty(o) ? "\": " : "\":");
	}
}

static void open_(struct out *o, char c)
{
	struct json *j = o->state;

	obuf_putc(&o->ob, c);
	j->depth++;
	j->first = true;
}

static void close_(struct out *o, char c)
{
	struct json *j = o->state;

	j->depth--;
	if (pretty(o) && !j->first)
		newline_indent(o, j->depth);
	obuf_putc(&o->ob, c);
	j->first = false;
}

static void member_u64(struct out *o, const char *key, unsigned long long v)
{
	member(o, key);
	obuf_put_u64(&o->ob, v);
}

static void member_str(struct out *o, const char *key, const char *s)
{
	member(o, key);
	json_put_string(&o->ob, s, strlen(s));
}

/* A string from outside (a name the kernel or a user chose): if it is not
 * UTF-8, "<key>_hex" carries its exact bytes next to the lossy text. */
static void member_name(struct out *o, const char *key, const char *s,
			size_t len)
{
	member(o, key);
	json_put_string(&o->ob, s, len);
	if (!utf8_valid(s, len)) {
		char hexkey[64];
		snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
		member(o, hexkey);
		json_put_hex(&o->ob, s, len);
	}
}

static void member_addr(struct out *o, const char *key, int family,
			const uint8_t *addr)
{
	char buf[64];

	member(o, key);
	buf[0] = '"';
	size_t n = out_fmt_addr(family, addr, buf + 1);
	buf[n + 1] = '"';
	obuf_put(&o->ob, buf, n + 2);
}

static void member_bool(struct out *o, const char *key, bool v)
{
	member(o, key);
	obuf_puts(&o->ob, v ? "true" : "false");
}

static void member_interface(struct out *o, uint32_t ifindex)
{
	const char *name = ifname_get(&o->ifnames, ifindex);

	if (name)
		member_name(o, "interface", name, strnlen(name, IF_NAMESIZE));
	member_u64(o, "interface_index", ifindex);
}

/* -r: the host name next to the address, when it has one. */
static void member_host(struct out *o, const char *key, int family,
			const uint8_t *addr)
{
	const char *name = resolve_host(o->resolve, family, addr);

	if (name)
		member_name(o, key, name, strlen(name));
}

static void inet_members(struct out *o, const struct sock_rec *rec)
{
	member_addr(o, "local_address", rec->family, rec->local_addr);
	if (o->resolve)
		member_host(o, "local_host", rec->family, rec->local_addr);
	member_u64(o, "local_port", rec->local_port);
	member_addr(o, "peer_address", rec->family, rec->peer_addr);
	if (o->resolve)
		member_host(o, "peer_host", rec->family, rec->peer_addr);
	member_u64(o, "peer_port", rec->peer_port);
	if (rec->netid == SOCK_NETID_RAW)
		member_u64(o, "protocol", rec->protocol);
	if (rec->ifindex)
		member_interface(o, rec->ifindex);
	if (rec->v6only >= 0)
		member_bool(o, "v6only", rec->v6only);
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
		member_name(o, "path", buf, len);
		member_bool(o, "abstract", abstract);
	}
	if (rec->peer_inode)
		member_u64(o, "peer_inode", rec->peer_inode);
	if (rec->has_vfs) {
		member_u64(o, "vfs_dev", rec->vfs_dev);
		member_u64(o, "vfs_inode", rec->vfs_inode);
	}
}

static void packet_members(struct out *o, const struct sock_rec *rec)
{
	member_u64(o, "protocol", rec->protocol);
	if (rec->ifindex)
		member_interface(o, rec->ifindex);
}

static void netlink_members(struct out *o, const struct sock_rec *rec)
{
	const char *name = sock_netlink_proto_name(rec->protocol);

	member_u64(o, "protocol", rec->protocol);
	if (name)
		member_str(o, "protocol_name", name);
	member_u64(o, "portid", rec->portid);
	/* Connected to the kernel is port id 0, still a peer. */
	if (rec->nl_connected || rec->dst_portid) {
		member_u64(o, "peer_portid", rec->dst_portid);
		member_u64(o, "peer_group", rec->dst_group);
	}
	member_u64(o, "groups", rec->groups);
}

/* -p: "processes": [{"pid","comm","fd"}...]; when some processes could
 * not be looked at and none is known to hold the socket, no list but
 * "processes_unknown": true. Inode 0 is a socket no file holds. */
static void processes_members(struct out *o, const struct sock_rec *rec)
{
	size_t n;
	const struct owners_entry *v = owners_lookup(o->owners, rec->inode, &n);

	if (!n && rec->inode && owners_stats(o->owners)->unreadable) {
		member_bool(o, "processes_unknown", true);
		return;
	}
	member(o, "processes");
	open_(o, '[');
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *comm = owners_comm(o->owners, &v[i], &len);

		member(o, NULL);
		open_(o, '{');
		member_u64(o, "pid", v[i].pid);
		if (comm)
			member_name(o, "comm", comm, len);
		member_u64(o, "fd", (unsigned long long)v[i].fd);
		close_(o, '}');
	}
	close_(o, ']');
}

/* --all-netns: where the socket is. Each key only when known. */
static void origin_members(struct out *o, const struct sock_origin *g)
{
	member(o, "netns");
	open_(o, '{');
	member_u64(o, "inode", g->netns_inode);
	if (g->netns_name)
		member_str(o, "name", g->netns_name);
	if (g->nsid >= 0)
		member_u64(o, "nsid", (unsigned long long)g->nsid);
	close_(o, '}');
	if (g->ctr_id) {
		member(o, "container");
		open_(o, '{');
		if (g->ctr_runtime)
			member_str(o, "runtime", g->ctr_runtime);
		member_str(o, "id", g->ctr_id);
		if (g->ctr_name)
			member_str(o, "name", g->ctr_name);
		close_(o, '}');
	}
	if (g->pod_uid) {
		member(o, "pod");
		open_(o, '{');
		member_str(o, "uid", g->pod_uid);
		if (g->pod_namespace)
			member_str(o, "namespace", g->pod_namespace);
		if (g->pod_name)
			member_str(o, "name", g->pod_name);
		close_(o, '}');
	}
	if (g->unit)
		member_str(o, "unit", g->unit);
}

static void sock_object(struct out *o, const struct sock_rec *rec,
			bool with_version)
{
	const char *family = sock_family_name(rec->family);

	open_(o, '{');
	if (with_version)
		member_u64(o, "schema_version", SCHEMA_VERSION);
	member_str(o, "netid", sock_netid_name(rec->netid));
	member_str(o, "family", family ? family : "unknown");
	member_str(o, "state", sock_state_name(rec->state));
	member_u64(o, "recv_q", rec->recv_q);
	member_u64(o, "send_q", rec->send_q);
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
	member_u64(o, "inode", rec->inode);
	if (rec->has_uid)
		member_u64(o, "uid", rec->uid);
	if (rec->has_cookie)
		member_u64(o, "cookie", rec->cookie);
	if (o->origin)
		origin_members(o, o->origin);
	if (o->owners)
		processes_members(o, rec);
	out_json_detail(o, rec);
	member_str(o, "source",
		   rec->source == SOCK_SOURCE_PROCFS ? "procfs" : "netlink");
	close_(o, '}');
}

static int json_begin(struct out *o)
{
	open_(o, '{');
	member_u64(o, "schema_version", SCHEMA_VERSION);
	member(o, "sockets");
	open_(o, '[');
	return 0;
}

static int json_sock(struct out *o, const struct sock_rec *rec)
{
	member(o, NULL);
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

static int json_end(struct out *o)
{
	struct json *j = o->state;

	close_(o, ']');
	member(o, "warnings");
	open_(o, '[');
	for (size_t i = 0; i < j->nwarnings; i++) {
		const struct sock_warning *w = &j->warnings[i];
		const char *name = strerrorname_np(-w->err);

		member(o, NULL);
		open_(o, '{');
		if (w->netns_path) {
			/* A namespace not entered, or not found. */
			member(o, "netns");
			open_(o, '{');
			if (w->netns_inode)
				member_u64(o, "inode", w->netns_inode);
			member_str(o, "path", w->netns_path);
			close_(o, '}');
			member_str(o, "error", name ? name : "EUNKNOWN");
			if (w->skipped)
				member_u64(o, "processes", w->skipped);
			member_str(o, "message", strerror(-w->err));
			close_(o, '}');
			continue;
		}
		member_str(o, "netid", sock_netid_name(w->netid));
		member_str(o, "family", sock_family_name(w->family)
						? sock_family_name(w->family)
						: "unknown");
		member_str(o, "source", w->source == SOCK_SOURCE_PROCFS
						? "procfs"
						: "netlink");
		member_str(o, "error", name ? name : "EUNKNOWN");
		if (w->skipped) {
			member_u64(o, "skipped_lines", w->skipped);
			member_str(o, "message", "malformed lines skipped");
		} else {
			member_str(o, "message", strerror(-w->err));
		}
		close_(o, '}');
	}
	close_(o, ']');
	close_(o, '}');
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

int out_ndjson_event(struct out *o, const char *event, const char *timestamp,
		     uint64_t timestamp_us, const struct sock_rec *rec)
{
	struct json *j = o->state;

	j->first = true;
	open_(o, '{');
	member_u64(o, "schema_version", SCHEMA_VERSION);
	member_str(o, "event", event);
	member_str(o, "timestamp", timestamp);
	member_u64(o, "timestamp_us", timestamp_us);
	member(o, "socket");
	sock_object(o, rec, false);
	close_(o, '}');
	obuf_putc(&o->ob, '\n');
	return obuf_error(&o->ob);
}

const struct out_ops out_ndjson_ops = {
	.state_size = sizeof(struct json),
	.sock = ndjson_sock,
};

/* The member writers, for out-json-detail.c (see out-json.h). */
void out_json_member(struct out *o, const char *key)
{
	member(o, key);
}

void out_json_u64(struct out *o, const char *key, unsigned long long v)
{
	member_u64(o, key, v);
}

void out_json_str(struct out *o, const char *key, const char *s)
{
	member_str(o, key, s);
}

void out_json_name(struct out *o, const char *key, const char *s,
		   size_t len)
{
	member_name(o, key, s, len);
}

void out_json_bool(struct out *o, const char *key, bool v)
{
	member_bool(o, key, v);
}

void out_json_open(struct out *o, const char *key, char c)
{
	member(o, key);
	open_(o, c);
}

void out_json_close(struct out *o, char c)
{
	close_(o, c);
}
