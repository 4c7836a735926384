// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "out-keys.h"
#include "owners/owners.h"

static const char *const key_names[_KEY_MAX] = {
	[KEY_NETID] = "netid",
	[KEY_FAMILY] = "family",
	[KEY_STATE] = "state",
	[KEY_RECV_Q] = "recv_q",
	[KEY_SEND_Q] = "send_q",
	[KEY_LOCAL_ADDRESS] = "local_address",
	[KEY_LOCAL_PORT] = "local_port",
	[KEY_PEER_ADDRESS] = "peer_address",
	[KEY_PEER_PORT] = "peer_port",
	[KEY_PROTOCOL] = "protocol",
	[KEY_INODE] = "inode",
	[KEY_UID] = "uid",
	[KEY_COOKIE] = "cookie",
	[KEY_PID] = "pid",
	[KEY_COMM] = "comm",
};

const char *out_key_name(enum out_key k)
{
	return key_names[k];
}

static void list_keys(char *dst, size_t size)
{
	size_t n = 0;

	dst[0] = '\0';
	for (int k = 0; k < _KEY_MAX && n < size; k++)
		n += (size_t)snprintf(dst + n, size - n, "%s%s", k ? ", " : "",
				      key_names[k]);
}

int out_keys_parse(const char *opt, const char *list, bool signed_ok,
		   bool with_owners, struct out_keys *ret, char *errbuf,
		   size_t errlen)
{
	struct out_keys keys = {0};
	const char *s = list;
	char valid[256];

	for (;;) {
		size_t len = strcspn(s, ",");
		bool desc = signed_ok && len && s[0] == '-';
		int k;

		for (k = 0; k < _KEY_MAX; k++)
			if (len - desc == strlen(key_names[k]) &&
			    strncmp(s + desc, key_names[k], len - desc) == 0)
				break;
		if (k == _KEY_MAX) {
			list_keys(valid, sizeof(valid));
			snprintf(errbuf, errlen,
				 "%s: unknown key '%.*s' (valid: %s%s)", opt,
				 (int)len, s, valid,
				 signed_ok ? "; '-KEY' descending" : "");
			return -EINVAL;
		}
		if ((k == KEY_PID || k == KEY_COMM) && !with_owners) {
			snprintf(errbuf, errlen, "%s: key '%s' needs -p", opt,
				 key_names[k]);
			return -EINVAL;
		}
		if (keys.n == OUT_KEYS_MAX) {
			snprintf(errbuf, errlen, "%s: at most %d keys", opt,
				 OUT_KEYS_MAX);
			return -EINVAL;
		}
		keys.key[keys.n] = (enum out_key)k;
		keys.desc[keys.n++] = desc;
		if (!s[len])
			break;
		s += len + 1;
	}
	*ret = keys;
	return 0;
}

static void num(struct out_keyval *v, uint64_t n)
{
	v->kind = KV_NUM;
	v->num = n;
}

static void str(struct out_keyval *v, const char *s)
{
	v->kind = KV_STR;
	v->str = s;
	v->len = strlen(s);
}

void out_key_value(struct names *names, const struct sock_rec *rec,
		   enum out_key k, struct out_keyval *ret)
{
	bool inet = rec->family == AF_INET || rec->family == AF_INET6;
	struct out_keyval v = {.kind = KV_NONE};
	const struct owners_entry *own = NULL;
	size_t nown = 0;

	switch (k) {
	case KEY_NETID:
		str(&v, sock_netid_name(rec->netid));
		break;
	case KEY_FAMILY:
		str(&v, sock_family_name(rec->family)
				? sock_family_name(rec->family)
				: "unknown");
		break;
	case KEY_STATE:
		str(&v, sock_state_name(rec->state));
		break;
	case KEY_RECV_Q:
		num(&v, rec->recv_q);
		break;
	case KEY_SEND_Q:
		num(&v, rec->send_q);
		break;
	case KEY_LOCAL_ADDRESS:
	case KEY_PEER_ADDRESS:
		if (inet) {
			v.kind = KV_ADDR;
			v.family = rec->family;
			v.addr = k == KEY_LOCAL_ADDRESS ? rec->local_addr
							: rec->peer_addr;
		}
		break;
	case KEY_LOCAL_PORT:
		if (inet)
			num(&v, rec->local_port);
		break;
	case KEY_PEER_PORT:
		if (inet)
			num(&v, rec->peer_port);
		break;
	case KEY_PROTOCOL:
		/* As JSON: raw's IP protocol, packet's and netlink's. */
		if (rec->netid == SOCK_NETID_RAW || rec->family == AF_PACKET ||
		    rec->family == AF_NETLINK)
			num(&v, rec->protocol);
		break;
	case KEY_INODE:
		num(&v, rec->inode);
		break;
	case KEY_UID:
		if (rec->has_uid)
			num(&v, rec->uid);
		break;
	case KEY_COOKIE:
		if (rec->has_cookie)
			num(&v, rec->cookie);
		break;
	case KEY_PID:
	case KEY_COMM:
		own = names_owners(names, rec->inode, &nown);
		if (!nown)
			break;
		if (k == KEY_PID) {
			num(&v, own[0].pid);
		} else {
			v.str = names_owner_comm(names, &own[0], &v.len);
			if (v.str)
				v.kind = KV_STR;
		}
		break;
	case _KEY_MAX:
		break;
	}
	*ret = v;
}

int out_keyval_cmp(const struct out_keyval *a, const struct out_keyval *b)
{
	int r;

	if (a->kind == KV_NONE || b->kind == KV_NONE)
		return (a->kind == KV_NONE) - (b->kind == KV_NONE);
	switch (a->kind) {
	case KV_NUM:
		return (a->num > b->num) - (a->num < b->num);
	case KV_STR:
		r = memcmp(a->str, b->str, a->len < b->len ? a->len : b->len);
		if (r)
			return r < 0 ? -1 : 1;
		return (a->len > b->len) - (a->len < b->len);
	case KV_ADDR:
		if (a->family != b->family)
			return a->family == AF_INET ? -1 : 1;
		r = memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
		return (r > 0) - (r < 0);
	default:
		return 0;
	}
}
