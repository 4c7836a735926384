// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What every family shares on the way in and out: the attribute walk and
 * its size policies, meminfo, and the dump requests.
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include <linux/inet_diag.h>

#include "nltest.h"

enum { T_U32 = 1, T_STRUCT = 2, T_MAX = 3 };

static const struct nl_policy policy[T_MAX + 1] = {
	[T_U32] = NL_POLICY_EXACT(4),
	[T_STRUCT] = NL_POLICY_MIN(8),
};

/* A message with an 8-byte family header; attributes follow. */
static struct nlmsghdr *msg8(struct nlbuf *nb)
{
	static const uint8_t hdr[8] = {1, 2, 3, 4, 5, 6, 7, 8};

	return nlt_diag(nb, hdr, sizeof(hdr));
}

static void attr_known_ones_found(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];
	uint8_t big[12] = {0};

	mnl_attr_put_u32(nlh, T_U32, 77);
	mnl_attr_put(nlh, T_STRUCT, sizeof(big), big);
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), 0);
	assert_non_null(tb[T_U32]);
	assert_int_equal(nl_attr_u32(tb[T_U32]), 77);
	/* A struct may have grown: 12 bytes pass a minimum of 8. */
	assert_non_null(tb[T_STRUCT]);
	assert_null(tb[0]);
	assert_null(tb[T_MAX]);
}

static void attr_type_flags_masked(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];

	mnl_attr_put_u32(nlh, T_U32 | NLA_F_NET_BYTEORDER, 5);
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), 0);
	assert_non_null(tb[T_U32]);
}

static void attr_last_of_a_type_wins(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];

	mnl_attr_put_u32(nlh, T_U32, 1);
	mnl_attr_put_u32(nlh, T_U32, 2);
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), 0);
	assert_int_equal(nl_attr_u32(tb[T_U32]), 2);
}

static void attr_wrong_size_is_ebadmsg(void **state)
{
	static const size_t u32_sizes[] = {0, 3, 5, 8};
	uint8_t junk[8] = {0};

	for (size_t i = 0; i < sizeof(u32_sizes) / sizeof(u32_sizes[0]);
	     i++) {
		struct nlbuf nb = {0};
		struct nlmsghdr *nlh = msg8(&nb);
		const struct nlattr *tb[T_MAX + 1];

		mnl_attr_put(nlh, T_U32, u32_sizes[i], junk);
		assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb),
				 -EBADMSG);
	}
	for (size_t len = 0; len < 8; len++) {
		struct nlbuf nb = {0};
		struct nlmsghdr *nlh = msg8(&nb);
		const struct nlattr *tb[T_MAX + 1];

		mnl_attr_put(nlh, T_STRUCT, len, junk);
		assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb),
				 -EBADMSG);
	}
}

static void attr_unknown_skipped_whatever_size(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];
	static const uint8_t junk[7] = {1, 2, 3, 4, 5, 6, 7};

	mnl_attr_put(nlh, 0, 1, junk);
	mnl_attr_put(nlh, T_MAX, 7, junk); /* in range, not in the policy */
	mnl_attr_put(nlh, T_MAX + 1, 3, junk);
	mnl_attr_put(nlh, 0x7fff, 0, NULL);
	mnl_attr_put_u32(nlh, T_U32, 9);
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), 0);
	assert_int_equal(nl_attr_u32(tb[T_U32]), 9);
	assert_null(tb[0]);
	assert_null(tb[T_MAX]);
}

static void attr_truncated_header_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];

	nlh->nlmsg_len = NLMSG_LENGTH(7);
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), -EBADMSG);
}

static void attr_overrun_is_ebadmsg(void **state)
{
	static const uint16_t lens[] = {0, 1, 3, 12, 0xffff};

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct nlbuf nb = {0};
		struct nlmsghdr *nlh = msg8(&nb);
		struct nlattr *a = nlt_next_attr(nlh);
		const struct nlattr *tb[T_MAX + 1];

		/* An unknown type: the walk itself must refuse. */
		mnl_attr_put_u32(nlh, 200, 0);
		a->nla_len = lens[i];
		assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb),
				 -EBADMSG);
	}
}

static void attr_header_cut_short_is_ebadmsg(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *tb[T_MAX + 1];

	mnl_attr_put_u32(nlh, T_U32, 1);
	nlh->nlmsg_len = NLMSG_LENGTH(8) + 2;
	assert_int_equal(nl_attr_parse(nlh, 8, policy, T_MAX, tb), -EBADMSG);
}

static void meminfo_reads_what_fits(void **state)
{
	struct nlbuf nb = {0};
	struct nlmsghdr *nlh = msg8(&nb);
	const struct nlattr *a = nlt_next_attr(nlh);
	uint32_t two[2] = {11, 22};

	assert_int_equal(nl_attr_meminfo(NULL, 0), 0);
	mnl_attr_put(nlh, 1, sizeof(two), two);
	assert_int_equal(nl_attr_meminfo(a, 0), 11);
	assert_int_equal(nl_attr_meminfo(a, 1), 22);
	assert_int_equal(nl_attr_meminfo(a, 2), 0);
}

static void request_is_a_zeroed_dump(void **state)
{
	_Alignas(struct nlmsghdr) uint8_t buf[NL_REQ_SIZE(13)];
	struct nlmsghdr *nlh;
	const uint8_t *hdr;

	memset(buf, 0xa5, sizeof(buf));
	nlh = nl_request(buf, 13);
	assert_ptr_equal(nlh, buf);
	assert_int_equal(nlh->nlmsg_type, SOCK_DIAG_BY_FAMILY);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	assert_int_equal(nlh->nlmsg_len, NLMSG_LENGTH(16));
	assert_true(nlh->nlmsg_len <= sizeof(buf));
	hdr = mnl_nlmsg_get_payload(nlh);
	for (size_t i = 0; i < 13; i++)
		assert_int_equal(hdr[i], 0);
}

static void inet_request_small_protocol_in_header(void **state)
{
	_Alignas(struct nlmsghdr) uint8_t buf[NL_INET_REQ_SIZE];
	struct nlmsghdr *nlh = nl_inet_request(buf, IPPROTO_RAW, AF_INET6,
					       0x402);
	const struct inet_diag_req_v2 *req = mnl_nlmsg_get_payload(nlh);

	assert_int_equal(nlh->nlmsg_len, NLMSG_LENGTH(sizeof(*req)));
	assert_int_equal(req->sdiag_family, AF_INET6);
	assert_int_equal(req->sdiag_protocol, IPPROTO_RAW);
	assert_int_equal(req->idiag_states, 0x402);
	assert_int_equal(req->idiag_ext, 0);
	/* raw_diag reads sdiag_raw_protocol from here: left 0. */
	assert_int_equal(req->pad, 0);
}

static void inet_request_mptcp_in_attribute(void **state)
{
	_Alignas(struct nlmsghdr) uint8_t buf[NL_INET_REQ_SIZE];
	struct nlmsghdr *nlh = nl_inet_request(buf, IPPROTO_MPTCP, AF_INET,
					       0xffe);
	const struct inet_diag_req_v2 *req = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a =
		mnl_nlmsg_get_payload_offset(nlh, sizeof(*req));

	assert_true(nlh->nlmsg_len <= NL_INET_REQ_SIZE);
	assert_int_equal(nlh->nlmsg_len,
			 NLMSG_LENGTH(sizeof(*req)) + MNL_ATTR_HDRLEN + 4);
	/* 262 does not fit: 0 there, so an old kernel says ENOENT rather
	 * than dumping (uint8_t)262 == TCP. */
	assert_int_equal(req->sdiag_protocol, 0);
	assert_int_equal(mnl_attr_get_type(a), INET_DIAG_REQ_PROTOCOL);
	assert_int_equal(mnl_attr_get_payload_len(a), 4);
	assert_int_equal(mnl_attr_get_u32(a), IPPROTO_MPTCP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(attr_known_ones_found),
		cmocka_unit_test(attr_type_flags_masked),
		cmocka_unit_test(attr_last_of_a_type_wins),
		cmocka_unit_test(attr_wrong_size_is_ebadmsg),
		cmocka_unit_test(attr_unknown_skipped_whatever_size),
		cmocka_unit_test(attr_truncated_header_is_ebadmsg),
		cmocka_unit_test(attr_overrun_is_ebadmsg),
		cmocka_unit_test(attr_header_cut_short_is_ebadmsg),
		cmocka_unit_test(meminfo_reads_what_fits),
		cmocka_unit_test(request_is_a_zeroed_dump),
		cmocka_unit_test(inet_request_small_protocol_in_header),
		cmocka_unit_test(inet_request_mptcp_in_attribute),
	};

	return harness_run_group(tests, NULL, NULL);
}
