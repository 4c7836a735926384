// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <string.h>

#include <linux/sock_diag.h>

#include "nl.h"

/* Points tb[type] at the attributes in [@p, @end) that @policy knows. */
static int attr_walk(const uint8_t *p, const uint8_t *end,
		     const struct nl_policy *policy, uint16_t max,
		     const struct nlattr **tb)
{
	int dropped = 0;

	memset(tb, 0, sizeof(*tb) * ((size_t)max + 1));

	/* Walk by hand: mnl_attr_parse() stops silently at a truncated
	 * attribute, and a truncated reply must not pass as whole. */
	while (p < end) {
		const struct nlattr *a = (const struct nlattr *)(const void *)p;
		size_t left = (size_t)(end - p);
		uint16_t type, plen;

		if (left < sizeof(*a) || a->nla_len < sizeof(*a) ||
		    a->nla_len > left)
			return -EBADMSG;
		type = a->nla_type & NLA_TYPE_MASK;
		plen = (uint16_t)(a->nla_len - sizeof(*a));
		if (type <= max && policy[type].max) {
			if (plen >= policy[type].min &&
			    plen <= policy[type].max)
				tb[type] = a;
			else if (policy[type].extra)
				dropped++;
			else
				return -EBADMSG;
		}
		/* The last attribute may go without its padding. */
		if ((size_t)NLA_ALIGN(a->nla_len) >= left)
			break;
		p += NLA_ALIGN(a->nla_len);
	}
	return dropped;
}

int nl_attr_parse(const struct nlmsghdr *nlh, size_t hdrlen,
		  const struct nl_policy *policy, uint16_t max,
		  const struct nlattr **tb)
{
	const uint8_t *p, *end;

	if (nlh->nlmsg_len < NLMSG_LENGTH(hdrlen))
		return -EBADMSG;
	p = (const uint8_t *)mnl_nlmsg_get_payload(nlh) + NLA_ALIGN(hdrlen);
	end = (const uint8_t *)nlh + nlh->nlmsg_len;
	return attr_walk(p, end, policy, max, tb);
}

int nl_attr_parse_nested(const struct nlattr *nest,
			 const struct nl_policy *policy, uint16_t max,
			 const struct nlattr **tb)
{
	const uint8_t *p = mnl_attr_get_payload(nest);

	return attr_walk(p, p + mnl_attr_get_payload_len(nest), policy, max,
			 tb);
}

uint32_t nl_attr_meminfo(const struct nlattr *a, unsigned idx)
{
	uint32_t v = 0;

	if (a && mnl_attr_get_payload_len(a) >= (idx + 1) * sizeof(v))
		memcpy(&v, (const uint8_t *)mnl_attr_get_payload(a) +
				   idx * sizeof(v),
		       sizeof(v));
	return v;
}

uint32_t nl_attr_u32(const struct nlattr *a)
{
	uint32_t v;

	/* memcpy: a payload is 4-byte aligned only by convention. */
	memcpy(&v, mnl_attr_get_payload(a), sizeof(v));
	return v;
}
