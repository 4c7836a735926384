/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The keys of --sort and --count-by: JSON key names, read off a record
 * as the JSON formatter would print them, and compared as --sort orders
 * them. Stays in src/output/.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "out.h"

enum out_key {
	KEY_NETID,
	KEY_FAMILY,
	KEY_STATE,
	KEY_RECV_Q,
	KEY_SEND_Q,
	KEY_LOCAL_ADDRESS,
	KEY_LOCAL_PORT,
	KEY_PEER_ADDRESS,
	KEY_PEER_PORT,
	KEY_PROTOCOL,
	KEY_INODE,
	KEY_UID,
	KEY_COOKIE,
	KEY_PID,  /* with -p: the first owner's */
	KEY_COMM, /* with -p: the first owner's */
	_KEY_MAX,
};

#define OUT_KEYS_MAX 16

/* A parsed KEY[,KEY...] list; desc[i] for "-KEY". */
struct out_keys {
	enum out_key key[OUT_KEYS_MAX];
	bool desc[OUT_KEYS_MAX];
	size_t n;
};

/* One key's value in a record, as its JSON member says it. */
struct out_keyval {
	enum { KV_NONE, KV_NUM, KV_STR, KV_ADDR } kind; /* KV_NONE: absent */
	uint64_t num;
	const char *str; /* KV_STR: borrowed (record, names or static) */
	size_t len;
	int family; /* KV_ADDR */
	const uint8_t *addr;
};

/* The JSON name of @k. */
const char *out_key_name(enum out_key k);

/*
 * Parses the list @list of option @opt ("--sort") into *ret; @signed_ok
 * allows a leading '-'. On error returns -EINVAL with one line in
 * @errbuf naming the valid keys. -p keys need @with_owners.
 */
int out_keys_parse(const char *opt, const char *list, bool signed_ok,
		   bool with_owners, struct out_keys *ret, char *errbuf,
		   size_t errlen);

/* Reads key @k of @rec (owners through @names) into *ret. */
void out_key_value(struct names *names, const struct sock_rec *rec,
		   enum out_key k, struct out_keyval *ret);

/* Orders two values of one key: numbers numerically, strings bytewise,
 * addresses IPv4 before IPv6 then numerically; absent after present. */
int out_keyval_cmp(const struct out_keyval *a, const struct out_keyval *b);

