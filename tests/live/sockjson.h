/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * sockscope's JSON (schema version 1), read with json-c in strict mode
 * with UTF-8 validation. Every key of a socket object must be one this
 * file knows, with the type it documents: a key the schema gains has to
 * be added here, with its type, before the live tests pass again.
 * The functions fail the running cmocka test on any deviation.
 * Objects of families other than inet, inet6, unix, packet and netlink
 * (the live tests make none) are kept with their netid, family, state and
 * text only, unchecked.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct js_sock {
	char netid[8], family[8], state[16];
	char local_address[48], peer_address[48];
	int64_t local_port, peer_port;
	int64_t recv_q, send_q;
	char interface[64];	 /* "" when absent */
	int64_t interface_index; /* -1 when absent */
	int v6only;		 /* -1 when absent */
	int64_t inode, uid; /* uid: -1 when absent */
	uint64_t cookie;
	bool has_cookie;
	char source[16];

	/* Family-specific keys; -1 (or "", or 0 bytes) when absent. */
	char path[512]; /* unix; may hold NULs (abstract), path_len bytes */
	size_t path_len;
	char path_hex[1024];
	int abstract;
	int64_t peer_inode, vfs_dev, vfs_inode;	 /* unix */
	int64_t protocol;			 /* raw, packet, netlink */
	char protocol_name[32];			 /* netlink */
	int64_t portid, peer_portid, peer_group; /* netlink */
	int64_t groups;				 /* netlink */
	char text[256]; /* the object as json-c writes it back, for messages;
			 * cut short if longer */
};

/*
 * Parses the whole output of `-j` (compact or --pretty): one object,
 * {"schema_version":1,"sockets":[...],"warnings":[]}, then a newline and
 * nothing else. Returns the sockets (free()) and their number in *ret_n.
 */
struct js_sock *sockjson_parse_doc(const char *text, size_t len, size_t *ret_n);

/*
 * Parses the output of `--ndjson`: each line one socket object that
 * parses alone and carries "schema_version":1. Returns as above.
 */
struct js_sock *sockjson_parse_ndjson(const char *text, size_t len,
				      size_t *ret_n);
