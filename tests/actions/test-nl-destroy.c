// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * netlink/nl-destroy.c and nl-events.c without a kernel: the SOCK_DESTROY
 * request built from a record, the destroy groups, and destroy
 * notifications built as the kernel builds them (inet_diag_handler_get_info:
 * an inet_diag_msg and INET_DIAG_PROTOCOL).
 */
#include "nl-build.h"

#include "netlink/nl-destroy.h"
#include "src/query.h"

/* The record nl_inet_parse makes of @m (a TCP socket). */
static struct sock_rec record_of(const struct inet_diag_msg *m)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = put_diag(&nb, m);
	struct sock_rec rec;

	end_msg(&nb, nlh);
	assert_int_equal(nl_inet_parse(nlh, SOCK_NETID_TCP, &rec), 0);
	return rec;
}

static const struct inet_diag_req_v2 *request(void *buf,
					      const struct sock_rec *rec)
{
	struct nlmsghdr *nlh = NULL;

	assert_int_equal(nl_inet_destroy_request(buf, rec, &nlh), 0);
	assert_non_null(nlh);
	assert_ptr_equal(nlh, buf);
	assert_int_equal(nlh->nlmsg_type, SOCK_DESTROY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nlh->nlmsg_len,
			 NLMSG_LENGTH(sizeof(struct inet_diag_req_v2)));
	assert_true(nlh->nlmsg_len <= NL_DESTROY_REQ_SIZE);
	return mnl_nlmsg_get_payload(nlh);
}

static void request_names_the_socket_as_the_dump_did(void **state)
{
	_Alignas(struct nlmsghdr) char buf[NL_DESTROY_REQ_SIZE];
	struct inet_diag_msg m = diag_v4();
	struct sock_rec rec;
	const struct inet_diag_req_v2 *req;

	/* The kernel zeroes the tail of an inet address. */
	memset(&m.id.idiag_src[1], 0, 12);
	memset(&m.id.idiag_dst[1], 0, 12);
	rec = record_of(&m);
	req = request(buf, &rec);
	assert_int_equal(req->sdiag_family, AF_INET);
	assert_int_equal(req->sdiag_protocol, IPPROTO_TCP);
	/* The id back byte for byte: ports, addresses, device, cookie. */
	assert_memory_equal(&req->id, &m.id, sizeof(m.id));
}

static void request_inet6_and_udp(void **state)
{
	_Alignas(struct nlmsghdr) char buf[NL_DESTROY_REQ_SIZE];
	struct inet_diag_msg m = diag_v6();
	struct sock_rec rec = record_of(&m);
	const struct inet_diag_req_v2 *req;

	rec.netid = SOCK_NETID_UDP;
	rec.cookie = 0x0102030405060708ull;
	req = request(buf, &rec);
	assert_int_equal(req->sdiag_family, AF_INET6);
	assert_int_equal(req->sdiag_protocol, IPPROTO_UDP);
	assert_memory_equal(req->id.idiag_src, m.id.idiag_src, 16);
	assert_memory_equal(req->id.idiag_dst, m.id.idiag_dst, 16);
	assert_int_equal(req->id.idiag_sport, htons(443));
	/* Low word first, as the kernel stores it. */
	assert_int_equal(req->id.idiag_cookie[0], 0x05060708);
	assert_int_equal(req->id.idiag_cookie[1], 0x01020304);
}

static void request_refuses_what_it_cannot_name(void **state)
{
	_Alignas(struct nlmsghdr) char buf[NL_DESTROY_REQ_SIZE];
	struct inet_diag_msg m = diag_v4();
	struct sock_rec rec = record_of(&m), r;
	struct nlmsghdr *untouched = (struct nlmsghdr *)(uintptr_t)1;

	r = rec;
	r.netid = SOCK_NETID_RAW;
	assert_int_equal(nl_inet_destroy_request(buf, &r, &untouched),
			 -EINVAL);
	r = rec;
	r.netid = SOCK_NETID_UNIX_STREAM;
	r.family = AF_UNIX;
	assert_int_equal(nl_inet_destroy_request(buf, &r, &untouched),
			 -EINVAL);
	/* From /proc: no cookie, so the kernel could close a newer socket
	 * on the same addresses. */
	r = rec;
	r.has_cookie = false;
	assert_int_equal(nl_inet_destroy_request(buf, &r, &untouched),
			 -EINVAL);
	r = rec;
	r.family = AF_PACKET;
	assert_int_equal(nl_inet_destroy_request(buf, &r, &untouched),
			 -EINVAL);
	assert_ptr_equal(untouched, (struct nlmsghdr *)(uintptr_t)1);
	assert_int_equal(nl_inet_destroy(NULL, &r), -EINVAL);
}

static void groups_follow_tables_and_families(void **state)
{
	const uint32_t tcp = 1u << SOCK_NETID_TCP, udp = 1u << SOCK_NETID_UDP;
	const uint32_t both = QUERY_FAMILY_INET | QUERY_FAMILY_INET6;

	assert_int_equal(nl_events_groups(tcp | udp, both),
			 NL_EVENTS_GROUP(SKNLGRP_INET_TCP_DESTROY) |
				 NL_EVENTS_GROUP(SKNLGRP_INET_UDP_DESTROY) |
				 NL_EVENTS_GROUP(SKNLGRP_INET6_TCP_DESTROY) |
				 NL_EVENTS_GROUP(SKNLGRP_INET6_UDP_DESTROY));
	assert_int_equal(nl_events_groups(tcp, QUERY_FAMILY_INET6),
			 NL_EVENTS_GROUP(SKNLGRP_INET6_TCP_DESTROY));
	assert_int_equal(nl_events_groups(udp, QUERY_FAMILY_INET),
			 NL_EVENTS_GROUP(SKNLGRP_INET_UDP_DESTROY));
	assert_int_equal(nl_events_groups(1u << SOCK_NETID_RAW, both), 0);
	assert_int_equal(nl_events_groups(tcp, QUERY_FAMILY_UNIX), 0);
}

/* A destroy notification: what the kernel multicasts. */
static struct nlmsghdr *event(struct nlbuf *nb, const struct inet_diag_msg *m,
			      int protocol)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nb->b);
	struct inet_diag_msg *p;

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	p = mnl_nlmsg_put_extra_header(nlh, sizeof(*m));
	memcpy(p, m, sizeof(*m));
	if (protocol >= 0)
		mnl_attr_put_u8(nlh, INET_DIAG_PROTOCOL, (uint8_t)protocol);
	nb->len = nlh->nlmsg_len;
	return nlh;
}

static void event_table_from_protocol(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v4();
	struct sock_rec rec;

	m.idiag_state = SOCK_STATE_CLOSE;
	assert_int_equal(nl_event_parse(event(&nb, &m, IPPROTO_UDP), &rec), 0);
	assert_int_equal(rec.netid, SOCK_NETID_UDP);
	assert_int_equal(rec.family, AF_INET);
	assert_int_equal(rec.state, SOCK_STATE_CLOSE);
	assert_int_equal(rec.local_port, 4242);
	assert_int_equal(rec.cookie, 0x5566778811223344ull);
	m = diag_v6();
	assert_int_equal(nl_event_parse(event(&nb, &m, IPPROTO_TCP), &rec), 0);
	assert_int_equal(rec.netid, SOCK_NETID_TCP);
	assert_int_equal(rec.family, AF_INET6);
	assert_int_equal(rec.local_port, 443);
}

static void event_skipped_or_refused(void **state)
{
	struct nlbuf nb = {0};
	struct inet_diag_msg m = diag_v4();
	struct sock_rec rec = {.inode = 77};
	struct nlmsghdr *nlh;

	/* Another protocol (a raw socket's destruction): not ours. */
	assert_int_equal(nl_event_parse(event(&nb, &m, IPPROTO_ICMP), &rec),
			 NL_EVENT_SKIP);
	/* Without the protocol the table is a guess. */
	assert_int_equal(nl_event_parse(event(&nb, &m, -1), &rec), -EBADMSG);
	/* Cut short. */
	nlh = event(&nb, &m, IPPROTO_TCP);
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(m) - 4);
	assert_int_equal(nl_event_parse(nlh, &rec), -EBADMSG);
	/* Not an inet family. */
	m.idiag_family = AF_UNIX;
	assert_int_equal(nl_event_parse(event(&nb, &m, IPPROTO_TCP), &rec),
			 -EBADMSG);
	/* Another message type is skipped, not misread. */
	nlh = event(&nb, &m, IPPROTO_TCP);
	nlh->nlmsg_type = NLMSG_MIN_TYPE + 100;
	assert_int_equal(nl_event_parse(nlh, &rec), NL_EVENT_SKIP);
	assert_int_equal(rec.inode, 77); /* untouched throughout */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(request_names_the_socket_as_the_dump_did),
		cmocka_unit_test(request_inet6_and_udp),
		cmocka_unit_test(request_refuses_what_it_cannot_name),
		cmocka_unit_test(groups_follow_tables_and_families),
		cmocka_unit_test(event_table_from_protocol),
		cmocka_unit_test(event_skipped_or_refused),
	};

	return harness_run_group(tests, NULL, NULL);
}
