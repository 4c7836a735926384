// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The JSON and NDJSON formatters end to end, without the kernel: what
 * comes out is parsed strictly by json-c (validating UTF-8) and its keys
 * and values checked, schema version 1.
 */
#include "json-strict.h"
#include "out-capture.h"

#define WARNING(netid_, family_, err_)                                         \
	(&(struct sock_warning){                                               \
		.netid = (netid_), .family = (family_), .err = (err_)})

static struct json_object *parse_doc(struct capture *c)
{
	const char *text = finish(c);

	assert_true(c->len > 0);
	assert_int_equal(text[c->len - 1], '\n');
	return json_parse_strict(text, c->len - 1);
}

static void json_compact_exact_text(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);

	r.uid = 0;
	r.inode = 1509;
	r.cookie = 1;
	put(c, &r);
	assert_string_equal(
		finish(c),
		"{\"schema_version\":1,\"sockets\":[{\"netid\":\"tcp\","
		"\"family\":\"inet\",\"state\":\"listening\",\"recv_q\":0,"
		"\"send_q\":128,\"local_address\":\"0.0.0.0\","
		"\"local_port\":22,\"peer_address\":\"0.0.0.0\","
		"\"peer_port\":0,\"inode\":1509,\"uid\":0,\"cookie\":1,"
		"\"source\":\"netlink\"}],\"warnings\":[]}\n");
	capture_free(c);
}

static void json_empty_document(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);

	assert_string_equal(
		finish(c),
		"{\"schema_version\":1,\"sockets\":[],\"warnings\":[]}\n");
	capture_free(c);
}

static void json_fields_parse_strictly(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec a = tcp4(SOCK_STATE_ESTABLISHED, "192.168.1.10", 40000,
				 "93.184.216.34", 443, 17, 4294967295u);
	struct sock_rec b = tcp6(SOCK_STATE_LISTEN, "::1", 631, 1, 5);
	struct sock_rec u = rec_of(SOCK_NETID_UDP, AF_INET6, SOCK_STATE_CLOSE,
				   "fe80::1", 546, "::", 0);
	struct json_object *doc, *socks, *s;
	char lo[IF_NAMESIZE];

	a.uid = 4294967294u;
	a.inode = 4294967295u;
	a.cookie = UINT64_MAX;
	u.ifindex = 1;
	u.v6only = 0;
	u.has_cookie = false;
	u.has_uid = false;
	u.source = SOCK_SOURCE_PROCFS;
	put(c, &a);
	put(c, &b);
	put(c, &u);
	doc = parse_doc(c);

	assert_int_equal(json_object_get_int(json_get(doc, "schema_version")),
			 1);
	socks = json_get(doc, "sockets");
	assert_true(json_object_is_type(socks, json_type_array));
	assert_int_equal(json_object_array_length(socks), 3);
	assert_int_equal(json_object_array_length(json_get(doc, "warnings")),
			 0);

	s = json_object_array_get_idx(socks, 0);
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "tcp");
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "inet");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "established");
	assert_int_equal(json_object_get_int64(json_get(s, "recv_q")), 17);
	assert_int_equal(json_object_get_int64(json_get(s, "send_q")),
			 4294967295);
	assert_string_equal(
		json_object_get_string(json_get(s, "local_address")),
		"192.168.1.10");
	assert_int_equal(json_object_get_int(json_get(s, "local_port")),
			 40000);
	assert_string_equal(
		json_object_get_string(json_get(s, "peer_address")),
		"93.184.216.34");
	assert_int_equal(json_object_get_int(json_get(s, "peer_port")), 443);
	assert_int_equal(json_object_get_int64(json_get(s, "inode")),
			 4294967295);
	assert_int_equal(json_object_get_int64(json_get(s, "uid")),
			 4294967294);
	/* Beyond int64: json-c keeps it as an unsigned 64-bit number. */
	assert_true(json_object_get_uint64(json_get(s, "cookie")) ==
		    UINT64_MAX);
	assert_string_equal(json_object_get_string(json_get(s, "source")),
			    "netlink");
	assert_false(json_has(s, "v6only"));
	assert_false(json_has(s, "interface"));
	assert_false(json_has(s, "interface_index"));

	s = json_object_array_get_idx(socks, 1);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "inet6");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "listening");
	assert_string_equal(
		json_object_get_string(json_get(s, "local_address")), "::1");
	assert_string_equal(
		json_object_get_string(json_get(s, "peer_address")), "::");
	assert_true(json_object_is_type(json_get(s, "v6only"),
					json_type_boolean));
	assert_true(json_object_get_boolean(json_get(s, "v6only")));

	s = json_object_array_get_idx(socks, 2);
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "udp");
	assert_string_equal(json_object_get_string(json_get(s, "state")),
			    "closed");
	assert_false(json_object_get_boolean(json_get(s, "v6only")));
	assert_true(json_object_is_type(json_get(s, "v6only"),
					json_type_boolean));
	assert_false(json_has(s, "cookie"));
	assert_false(json_has(s, "uid"));
	assert_string_equal(json_object_get_string(json_get(s, "source")),
			    "procfs");
	assert_non_null(if_indextoname(1, lo));
	assert_string_equal(json_object_get_string(json_get(s, "interface")),
			    lo);
	assert_int_equal(json_object_get_int(json_get(s, "interface_index")),
			 1);

	json_object_put(doc);
	capture_free(c);
}

static void json_warning_listed(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);
	struct json_object *doc, *w;

	put(c, &r);
	assert_int_equal(out_warning(c->out, WARNING(SOCK_NETID_TCP, AF_INET6, -EACCES)),
			 0);
	assert_int_equal(out_warning(c->out, WARNING(SOCK_NETID_UDP, AF_INET, -EPROTONOSUPPORT)),
			 0);
	doc = parse_doc(c);
	assert_int_equal(json_object_array_length(json_get(doc, "sockets")),
			 1);
	assert_int_equal(json_object_array_length(json_get(doc, "warnings")),
			 2);

	w = json_object_array_get_idx(json_get(doc, "warnings"), 0);
	assert_string_equal(json_object_get_string(json_get(w, "netid")),
			    "tcp");
	assert_string_equal(json_object_get_string(json_get(w, "family")),
			    "inet6");
	assert_string_equal(json_object_get_string(json_get(w, "error")),
			    "EACCES");
	assert_string_equal(json_object_get_string(json_get(w, "message")),
			    strerror(EACCES));

	w = json_object_array_get_idx(json_get(doc, "warnings"), 1);
	assert_string_equal(json_object_get_string(json_get(w, "error")),
			    "EPROTONOSUPPORT");
	json_object_put(doc);
	capture_free(c);
}

/* Extras of an unexpected size left out: the socket is still listed, and
 * the warning says how many, under the keys every warning has. */
static void json_dropped_attributes_warning(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct sock_rec r = tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0",
				 0, 0, 128);
	struct sock_warning w = {.netid = SOCK_NETID_TCP, .family = AF_INET,
				 .err = -EBADMSG, .dropped = 3};
	struct json_object *doc, *j;

	r.detail.dropped = 3;
	put(c, &r);
	assert_int_equal(out_warning(c->out, &w), 0);
	doc = parse_doc(c);
	assert_int_equal(json_object_array_length(json_get(doc, "sockets")), 1);
	assert_int_equal(json_object_array_length(json_get(doc, "warnings")), 1);
	j = json_object_array_get_idx(json_get(doc, "warnings"), 0);
	assert_string_equal(json_object_get_string(json_get(j, "error")),
			    "EBADMSG");
	assert_int_equal(json_object_get_int(json_get(j, "dropped_attributes")),
			 3);
	assert_string_equal(json_object_get_string(json_get(j, "message")),
			    "attributes of unexpected size left out");
	json_object_put(doc);
	capture_free(c);
}

static void put_mixed(struct capture *c)
{
	struct sock_rec r[] = {
		tcp4(SOCK_STATE_LISTEN, "0.0.0.0", 22, "0.0.0.0", 0, 0, 128),
		tcp6(SOCK_STATE_LISTEN, "::", 80, 1, 4096),
		tcp6(SOCK_STATE_LISTEN, "::", 8080, -1, 511),
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		put(c, &r[i]);
	assert_int_equal(out_warning(c->out, WARNING(SOCK_NETID_UDP, AF_INET6, -EPERM)),
			 0);
}

static void json_pretty_parses_identically(void **state)
{
	struct options oc = json_opts(OUT_FORMAT_JSON, false);
	struct options op = json_opts(OUT_FORMAT_JSON, true);
	struct capture *compact = start(&oc), *pretty = start(&op);
	static const char head[] = "{\n  \"schema_version\": 1,\n"
				   "  \"sockets\": [\n    {\n"
				   "      \"netid\": \"tcp\",\n";
	struct json_object *a, *b;

	put_mixed(compact);
	put_mixed(pretty);
	a = parse_doc(compact);
	b = parse_doc(pretty);
	assert_true(json_object_equal(a, b));
	/* And it is indented: one member per line. */
	assert_memory_equal(pretty->text, head, sizeof(head) - 1);
	assert_true(pretty->len > compact->len);
	json_object_put(a);
	json_object_put(b);
	capture_free(compact);
	capture_free(pretty);
}

static void json_pretty_empty_document(void **state)
{
	struct options o = json_opts(OUT_FORMAT_JSON, true);
	struct capture *c = start(&o);

	assert_string_equal(finish(c), "{\n  \"schema_version\": 1,\n"
				       "  \"sockets\": [],\n"
				       "  \"warnings\": []\n}\n");
	capture_free(c);
}

/* More sockets than fit the 64 KiB write buffer: the document must not
 * tear where the buffer is flushed. */
static void json_many_sockets_across_flushes(void **state)
{
	const unsigned n = 3000;
	struct options o = json_opts(OUT_FORMAT_JSON, true);
	struct capture *c = start(&o);
	struct json_object *doc, *socks;

	for (unsigned i = 0; i < n; i++) {
		struct sock_rec r = tcp6(SOCK_STATE_LISTEN, "2001:db8::dead:beef",
					 (uint16_t)i, 1, i);
		put(c, &r);
	}
	doc = parse_doc(c);
	assert_true(c->len > 3 * OBUF_SIZE);
	socks = json_get(doc, "sockets");
	assert_int_equal(json_object_array_length(socks), n);
	for (unsigned i = 0; i < n; i++) {
		struct json_object *s = json_object_array_get_idx(socks, i);
		assert_int_equal(json_object_get_int(json_get(s, "local_port")),
				 i);
		assert_int_equal(json_object_get_int(json_get(s, "send_q")),
				 i);
	}
	json_object_put(doc);
	capture_free(c);
}

static struct json_object *one_socket(const struct sock_rec *r,
				      struct capture **ret)
{
	struct options o = json_opts(OUT_FORMAT_JSON, false);
	struct capture *c = start(&o);
	struct json_object *doc, *s;

	put(c, r);
	doc = parse_doc(c);
	assert_int_equal(json_object_array_length(json_get(doc, "sockets")),
			 1);
	s = json_object_get(json_object_array_get_idx(json_get(doc, "sockets"),
						      0));
	json_object_put(doc);
	*ret = c;
	return s;
}

static void json_unix_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM,
				     SOCK_STATE_ESTABLISHED,
				     PATH("/tmp/ux-test.sock"), 10, 11);
	struct json_object *s;

	r.has_vfs = true;
	r.vfs_dev = 2049;
	r.vfs_inode = 5555;
	s = one_socket(&r, &c);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "unix");
	assert_string_equal(json_object_get_string(json_get(s, "netid")),
			    "u_str");
	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "/tmp/ux-test.sock");
	assert_false(json_object_get_boolean(json_get(s, "abstract")));
	assert_int_equal(json_object_get_int(json_get(s, "peer_inode")), 11);
	assert_int_equal(json_object_get_int(json_get(s, "inode")), 10);
	assert_int_equal(json_object_get_int(json_get(s, "vfs_dev")), 2049);
	assert_int_equal(json_object_get_int(json_get(s, "vfs_inode")), 5555);
	assert_false(json_has(s, "local_address"));
	assert_false(json_has(s, "local_port"));
	assert_false(json_has(s, "path_hex"));
	json_object_put(s);
	capture_free(c);
}

static void json_unix_abstract_and_unbound(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("\0abstract-name"), 10, 0);
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "@abstract-name");
	assert_true(json_object_get_boolean(json_get(s, "abstract")));
	assert_false(json_has(s, "peer_inode"));
	assert_false(json_has(s, "vfs_dev"));
	json_object_put(s);
	capture_free(c);

	r = unix_rec(SOCK_NETID_UNIX_DGRAM, SOCK_STATE_CLOSE, NULL, 0, 12, 0);
	s = one_socket(&r, &c);
	assert_false(json_has(s, "path"));
	assert_false(json_has(s, "abstract"));
	json_object_put(s);
	capture_free(c);
}

static void json_unix_path_not_utf8_has_hex(void **state)
{
	struct capture *c;
	struct sock_rec r = unix_rec(SOCK_NETID_UNIX_STREAM, SOCK_STATE_LISTEN,
				     PATH("/run/\xff\n\""), 10, 0);
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "path")),
			    "/run/\xef\xbf\xbd\n\"");
	assert_string_equal(json_object_get_string(json_get(s, "path_hex")),
			    "2f72756e2fff0a22");
	json_object_put(s);
	capture_free(c);
}

static void json_packet_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = {
		.netid = SOCK_NETID_PACKET_RAW,
		.family = AF_PACKET,
		.state = SOCK_STATE_CLOSE,
		.v6only = -1,
		.protocol = 0x86dd,
		.ifindex = 1,
		.inode = 9,
	};
	struct json_object *s = one_socket(&r, &c);

	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "packet");
	assert_int_equal(json_object_get_int(json_get(s, "protocol")), 0x86dd);
	assert_string_equal(json_object_get_string(json_get(s, "interface")),
			    "lo");
	assert_int_equal(json_object_get_int(json_get(s, "interface_index")),
			 1);
	assert_false(json_has(s, "local_address"));
	json_object_put(s);
	capture_free(c);
}

static void json_netlink_keys(void **state)
{
	struct capture *c;
	struct sock_rec r = netlink_rec(4, 4242, 0);
	struct json_object *s;

	r.groups = 0x11;
	s = one_socket(&r, &c);
	assert_string_equal(json_object_get_string(json_get(s, "family")),
			    "netlink");
	assert_int_equal(json_object_get_int(json_get(s, "protocol")), 4);
	assert_string_equal(
		json_object_get_string(json_get(s, "protocol_name")),
		"tcpdiag");
	assert_int_equal(json_object_get_int(json_get(s, "portid")), 4242);
	assert_int_equal(json_object_get_int(json_get(s, "groups")), 0x11);
	assert_false(json_has(s, "peer_portid"));
	json_object_put(s);
	capture_free(c);

	r = netlink_rec(99, 0, 77);
	s = one_socket(&r, &c);
	assert_false(json_has(s, "protocol_name"));
	assert_int_equal(json_object_get_int(json_get(s, "peer_portid")), 77);
	assert_int_equal(json_object_get_int(json_get(s, "peer_group")), 0);
	json_object_put(s);
	capture_free(c);

	/* connect()ed to the kernel: port id 0 is a peer too. */
	r = netlink_rec(0, 4242, 0);
	r.nl_connected = true;
	r.dst_group = 1;
	s = one_socket(&r, &c);
	assert_int_equal(json_object_get_int(json_get(s, "peer_portid")), 0);
	assert_int_equal(json_object_get_int(json_get(s, "peer_group")), 1);
	json_object_put(s);
	capture_free(c);
}

static void ndjson_one_object_per_line(void **state)
{
	struct options o = json_opts(OUT_FORMAT_NDJSON, false);
	struct capture *c = start(&o);
	const char *p, *nl;
	unsigned lines = 0;
	static const uint16_t ports[] = {22, 80, 8080};

	put_mixed(c);
	p = finish(c);
	for (; *p; p = nl + 1, lines++) {
		struct json_object *s;

		nl = strchr(p, '\n');
		assert_non_null(nl);
		assert_true(lines < 3);
		s = json_parse_strict(p, (size_t)(nl - p));
		assert_true(json_object_is_type(s, json_type_object));
		assert_int_equal(
			json_object_get_int(json_get(s, "schema_version")), 1);
		assert_int_equal(json_object_get_int(json_get(s, "local_port")),
				 ports[lines]);
		assert_string_equal(
			json_object_get_string(json_get(s, "netid")), "tcp");
		assert_false(json_has(s, "sockets"));
		json_object_put(s);
	}
	assert_int_equal(lines, 3);
	capture_free(c);
}

static void ndjson_no_sockets_no_output(void **state)
{
	struct options o = json_opts(OUT_FORMAT_NDJSON, false);
	struct capture *c = start(&o);

	assert_string_equal(finish(c), "");
	capture_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_compact_exact_text),
		cmocka_unit_test(json_empty_document),
		cmocka_unit_test(json_fields_parse_strictly),
		cmocka_unit_test(json_warning_listed),
		cmocka_unit_test(json_dropped_attributes_warning),
		cmocka_unit_test(json_pretty_parses_identically),
		cmocka_unit_test(json_pretty_empty_document),
		cmocka_unit_test(json_many_sockets_across_flushes),
		cmocka_unit_test(json_unix_keys),
		cmocka_unit_test(json_unix_abstract_and_unbound),
		cmocka_unit_test(json_unix_path_not_utf8_has_hex),
		cmocka_unit_test(json_packet_keys),
		cmocka_unit_test(json_netlink_keys),
		cmocka_unit_test(ndjson_one_object_per_line),
		cmocka_unit_test(ndjson_no_sockets_no_output),
	};

	return harness_run_group(tests, NULL, NULL);
}
