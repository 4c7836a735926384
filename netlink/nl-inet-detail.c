// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The attributes of an inet_diag reply that -e, -o, -m and -i show. The
 * kernel sends most of them only when the request's idiag_ext asks
 * (nl_inet_ext()), so a plain listing never pays for them.
 */
#include <errno.h>
#include <string.h>

#include <linux/inet_diag.h>
#include <linux/mptcp.h>
#include <linux/sock_diag.h>
#include <linux/tls.h>

#include "nl.h"

static const struct nl_policy ulp_policy[INET_ULP_INFO_MAX + 1] = {
	[INET_ULP_INFO_NAME] = NL_POLICY_MIN(0),
	[INET_ULP_INFO_TLS] = NL_POLICY_MIN(0),
	[INET_ULP_INFO_MPTCP] = NL_POLICY_MIN(0),
};

/* All of the ULP's attributes are extras (-i): one of another size is
 * dropped and counted (d->dropped), the rest still shown. */
static const struct nl_policy tls_policy[TLS_INFO_MAX + 1] = {
	[TLS_INFO_VERSION] = NL_EXTRA_EXACT(sizeof(uint16_t)),
	[TLS_INFO_CIPHER] = NL_EXTRA_EXACT(sizeof(uint16_t)),
	[TLS_INFO_TXCONF] = NL_EXTRA_EXACT(sizeof(uint16_t)),
	[TLS_INFO_RXCONF] = NL_EXTRA_EXACT(sizeof(uint16_t)),
	[TLS_INFO_ZC_RO_TX] = NL_POLICY_MIN(0), /* a flag: no payload */
};

static const struct nl_policy subflow_policy[MPTCP_SUBFLOW_ATTR_MAX + 1] = {
	[MPTCP_SUBFLOW_ATTR_TOKEN_REM] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	[MPTCP_SUBFLOW_ATTR_TOKEN_LOC] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	[MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	[MPTCP_SUBFLOW_ATTR_MAP_SEQ] = NL_EXTRA_EXACT(sizeof(uint64_t)),
	[MPTCP_SUBFLOW_ATTR_MAP_SFSEQ] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	[MPTCP_SUBFLOW_ATTR_SSN_OFFSET] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	/* The kernel sends a u16; ss reads a u32: take either. */
	[MPTCP_SUBFLOW_ATTR_MAP_DATALEN] = {.min = 2, .max = 4, .extra = true},
	[MPTCP_SUBFLOW_ATTR_FLAGS] = NL_EXTRA_EXACT(sizeof(uint32_t)),
	[MPTCP_SUBFLOW_ATTR_ID_REM] = NL_EXTRA_EXACT(sizeof(uint8_t)),
	[MPTCP_SUBFLOW_ATTR_ID_LOC] = NL_EXTRA_EXACT(sizeof(uint8_t)),
};

/* A string attribute: the kernel counts its NUL, but a name that fills
 * the payload without one is still a name. */
static void attr_str(const struct nlattr *a, const char **ret,
		     size_t *ret_len)
{
	const char *s = mnl_attr_get_payload(a);
	size_t len = strnlen(s, mnl_attr_get_payload_len(a));

	if (len == 0)
		return;
	*ret = s;
	*ret_len = len;
}

/* An unsigned attribute of 1, 2, 4 or 8 bytes (its size checked). */
static uint64_t attr_uint(const struct nlattr *a)
{
	uint64_t v64 = 0;
	uint32_t v32 = 0;
	uint16_t v16 = 0;
	const void *p = mnl_attr_get_payload(a);

	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		return *(const uint8_t *)p;
	case 2:
		memcpy(&v16, p, sizeof(v16));
		return v16;
	case 4:
		memcpy(&v32, p, sizeof(v32));
		return v32;
	case 8:
		memcpy(&v64, p, sizeof(v64));
		return v64;
	default:
		return 0;
	}
}

/* Returns 0, or -EBADMSG for a nest that does not parse (the caller drops
 * it whole); attributes of another size are counted in @d. */
static int tls_parse(const struct nlattr *nest, struct sock_tls *ret,
		     struct sock_detail *d)
{
	const struct nlattr *tb[TLS_INFO_MAX + 1];
	struct sock_tls tls = {0};
	int r = nl_attr_parse_nested(nest, tls_policy, TLS_INFO_MAX, tb);

	if (r < 0)
		return r;
	nl_count_dropped(d, r);
	if (tb[TLS_INFO_VERSION])
		tls.version = (uint16_t)attr_uint(tb[TLS_INFO_VERSION]);
	if (tb[TLS_INFO_CIPHER])
		tls.cipher = (uint16_t)attr_uint(tb[TLS_INFO_CIPHER]);
	if (tb[TLS_INFO_TXCONF])
		tls.txconf = (uint16_t)attr_uint(tb[TLS_INFO_TXCONF]);
	if (tb[TLS_INFO_RXCONF])
		tls.rxconf = (uint16_t)attr_uint(tb[TLS_INFO_RXCONF]);
	tls.zc_ro_tx = tb[TLS_INFO_ZC_RO_TX] != NULL;
	*ret = tls;
	return 0;
}

static int subflow_parse(const struct nlattr *nest,
			 struct sock_mptcp_subflow *ret, struct sock_detail *d)
{
	const struct nlattr *tb[MPTCP_SUBFLOW_ATTR_MAX + 1];
	struct sock_mptcp_subflow sf = {0};
	int r = nl_attr_parse_nested(nest, subflow_policy,
				     MPTCP_SUBFLOW_ATTR_MAX, tb);

	if (r < 0)
		return r;
	nl_count_dropped(d, r);
	if (tb[MPTCP_SUBFLOW_ATTR_MAP_DATALEN] &&
	    mnl_attr_get_payload_len(tb[MPTCP_SUBFLOW_ATTR_MAP_DATALEN]) == 3) {
		tb[MPTCP_SUBFLOW_ATTR_MAP_DATALEN] = NULL;
		nl_count_dropped(d, 1);
	}
	for (int t = 0; t <= MPTCP_SUBFLOW_ATTR_MAX; t++) {
		uint64_t v;

		if (!tb[t])
			continue;
		sf.present |= 1u << t;
		v = attr_uint(tb[t]);
		switch (t) {
		case MPTCP_SUBFLOW_ATTR_TOKEN_REM:
			sf.token_rem = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_TOKEN_LOC:
			sf.token_loc = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_RELWRITE_SEQ:
			sf.rel_write_seq = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_MAP_SEQ:
			sf.map_seq = v;
			break;
		case MPTCP_SUBFLOW_ATTR_MAP_SFSEQ:
			sf.map_sfseq = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_SSN_OFFSET:
			sf.ssn_offset = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_MAP_DATALEN:
			sf.map_datalen = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_FLAGS:
			sf.flags = (uint32_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_ID_REM:
			sf.id_rem = (uint8_t)v;
			break;
		case MPTCP_SUBFLOW_ATTR_ID_LOC:
			sf.id_loc = (uint8_t)v;
			break;
		}
	}
	*ret = sf;
	return 0;
}

/* A nest that does not parse is dropped whole and counted, as an
 * attribute of the wrong size is: the socket is listed all the same. */
static void ulp_parse(const struct nlattr *nest, struct sock_detail *d)
{
	const struct nlattr *tb[INET_ULP_INFO_MAX + 1];
	int r = nl_attr_parse_nested(nest, ulp_policy, INET_ULP_INFO_MAX, tb);

	if (r < 0) {
		nl_count_dropped(d, 1);
		return;
	}
	if (tb[INET_ULP_INFO_NAME])
		attr_str(tb[INET_ULP_INFO_NAME], &d->ulp, &d->ulp_len);
	if (tb[INET_ULP_INFO_TLS]) {
		if (tls_parse(tb[INET_ULP_INFO_TLS], &d->tls, d) < 0)
			nl_count_dropped(d, 1);
		else
			d->has_tls = true;
	}
	if (tb[INET_ULP_INFO_MPTCP]) {
		if (subflow_parse(tb[INET_ULP_INFO_MPTCP], &d->subflow, d) < 0)
			nl_count_dropped(d, 1);
		else
			d->has_subflow = true;
	}
}

int nl_skmem_parse(const struct nlattr *a, struct sock_detail *d)
{
	size_t len = mnl_attr_get_payload_len(a);

	/* An array of u32 counters, at least the seven every kernel that
	 * sends it has; newer kernels may add more at the end. */
	if (len % sizeof(uint32_t) ||
	    len < (SK_MEMINFO_OPTMEM + 1) * sizeof(uint32_t)) {
		nl_count_dropped(d, 1);
		return 0;
	}
	nl_skmem_fill(a, d);
	return 0;
}

void nl_skmem_fill(const struct nlattr *a, struct sock_detail *d)
{
	size_t n = mnl_attr_get_payload_len(a) / sizeof(uint32_t);

	if (n > SOCK_SKMEM_MAX)
		n = SOCK_SKMEM_MAX;
	memcpy(d->skmem, mnl_attr_get_payload(a), n * sizeof(uint32_t));
	d->n_skmem = (uint8_t)n;
}

int nl_inet_detail_parse(const struct inet_diag_msg *m,
			 const struct nlattr *const *tb, enum sock_netid netid,
			 struct sock_detail *d)
{
	static const uint16_t cc_attr[] = {
		[SOCK_CC_VEGAS] = INET_DIAG_VEGASINFO,
		[SOCK_CC_DCTCP] = INET_DIAG_DCTCPINFO,
		[SOCK_CC_BBR] = INET_DIAG_BBRINFO,
	};
	int r;

	d->has_timer = true;
	d->timer = m->idiag_timer;
	d->retrans = m->idiag_retrans;
	d->expires_ms = m->idiag_expires;

	if (tb[INET_DIAG_SHUTDOWN]) {
		d->has_shutdown = true;
		d->shutdown = mnl_attr_get_u8(tb[INET_DIAG_SHUTDOWN]);
	}
	if (tb[INET_DIAG_TOS]) {
		d->has_tos = true;
		d->tos = mnl_attr_get_u8(tb[INET_DIAG_TOS]);
	}
	if (tb[INET_DIAG_TCLASS]) {
		d->has_tclass = true;
		d->tclass = mnl_attr_get_u8(tb[INET_DIAG_TCLASS]);
	}
	if (tb[INET_DIAG_SKMEMINFO]) {
		r = nl_skmem_parse(tb[INET_DIAG_SKMEMINFO], d);
		if (r < 0)
			return r;
	}
	if (tb[INET_DIAG_MEMINFO]) {
		struct inet_diag_meminfo mi;

		memcpy(&mi, mnl_attr_get_payload(tb[INET_DIAG_MEMINFO]),
		       sizeof(mi));
		d->has_meminfo = true;
		d->mem_r = mi.idiag_rmem;
		d->mem_w = mi.idiag_wmem;
		d->mem_f = mi.idiag_fmem;
		d->mem_t = mi.idiag_tmem;
	}
	/* The same attribute holds each protocol's own struct. */
	if (tb[INET_DIAG_INFO] &&
	    (netid == SOCK_NETID_TCP || netid == SOCK_NETID_MPTCP)) {
		d->info_kind = netid == SOCK_NETID_TCP ? SOCK_INFO_TCP
						       : SOCK_INFO_MPTCP;
		d->info = mnl_attr_get_payload(tb[INET_DIAG_INFO]);
		d->info_len = mnl_attr_get_payload_len(tb[INET_DIAG_INFO]);
	}
	if (tb[INET_DIAG_CONG])
		attr_str(tb[INET_DIAG_CONG], &d->cong, &d->cong_len);
	for (int k = SOCK_CC_VEGAS; k <= SOCK_CC_BBR; k++) {
		const struct nlattr *a = tb[cc_attr[k]];

		if (!a)
			continue;
		d->cc_kind = (enum sock_cc_kind)k;
		d->cc = mnl_attr_get_payload(a);
		d->cc_len = mnl_attr_get_payload_len(a);
	}
	if (tb[INET_DIAG_ULP_INFO])
		ulp_parse(tb[INET_DIAG_ULP_INFO], d);
	return 0;
}

uint8_t nl_inet_ext(unsigned detail)
{
	uint8_t ext = 0;

	if (detail & SOCK_DETAIL_MEMORY)
		ext |= 1u << (INET_DIAG_MEMINFO - 1) |
		       1u << (INET_DIAG_SKMEMINFO - 1);
	/* VEGASINFO also brings DCTCPINFO or BBRINFO, whichever the
	 * socket's congestion control has. */
	if (detail & SOCK_DETAIL_INFO)
		ext |= 1u << (INET_DIAG_INFO - 1) |
		       1u << (INET_DIAG_VEGASINFO - 1) |
		       1u << (INET_DIAG_CONG - 1);
	if (detail & SOCK_DETAIL_TCP_INFO)
		ext |= 1u << (INET_DIAG_INFO - 1);
	if (detail & SOCK_DETAIL_EXTENDED)
		ext |= 1u << (INET_DIAG_TOS - 1) | 1u << (INET_DIAG_TCLASS - 1);
	return ext;
}
