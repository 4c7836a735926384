/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Reading a kernel struct that came in an attribute (tcp_info, mptcp_info,
 * tcp_bbr_info, ...). The kernel sends the struct as it knows it: an older
 * kernel sends a prefix of our header's struct, a newer one a longer
 * struct. A field is read only when the received bytes hold it whole, and
 * with memcpy, since an attribute is only 4-byte aligned and these structs
 * hold 64-bit fields.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Whether @len bytes of struct @type hold @field whole. */
#define KS_HAS(type, field, len)                                               \
	(offsetof(type, field) + sizeof(((type *)0)->field) <= (size_t)(len))

/* Field @field of the struct @type at @p (@len bytes received), widened to
 * 64 bits; 0 when @len does not reach it. Not for bit-fields. */
#define KS_GET(type, field, p, len)                                            \
	ks_get((p), (len), offsetof(type, field), sizeof(((type *)0)->field))

/* The @size-byte unsigned integer (1, 2, 4 or 8) at offset @off of @p, in
 * host order; 0 when [@off, @off + @size) is not within @len. */
static inline uint64_t ks_get(const void *p, size_t len, size_t off,
			      size_t size)
{
	const uint8_t *b = (const uint8_t *)p + off;
	uint64_t v64;
	uint32_t v32;
	uint16_t v16;

	if (!p || off > len || size > len - off)
		return 0;
	switch (size) {
	case 1:
		return b[0];
	case 2:
		memcpy(&v16, b, sizeof(v16));
		return v16;
	case 4:
		memcpy(&v32, b, sizeof(v32));
		return v32;
	case 8:
		memcpy(&v64, b, sizeof(v64));
		return v64;
	default:
		return 0;
	}
}

/* The byte at offset @off of @p, for bit-fields; 0 beyond @len. */
static inline uint8_t ks_byte(const void *p, size_t len, size_t off)
{
	return (uint8_t)ks_get(p, len, off, 1);
}

/*
 * The fields Linux appended to struct tcp_info after 6.1, the headers this
 * builds against, starting at byte TCP_INFO_TAIL_OFFSET. Their offsets
 * are ABI: read them with KS_GET(struct tcp_info_tail, field,
 * info + TCP_INFO_TAIL_OFFSET, len - TCP_INFO_TAIL_OFFSET).
 */
#define TCP_INFO_TAIL_OFFSET 232

struct tcp_info_tail {
	uint32_t rcv_wnd;              /* 6.2: bytes, after scaling */
	uint32_t rehash;               /* 6.2 */
	uint16_t total_rto;            /* 6.7 */
	uint16_t total_rto_recoveries; /* 6.7 */
	uint32_t total_rto_time;       /* 6.7: milliseconds */
	uint32_t received_ce;          /* 6.18: AccECN */
	uint32_t delivered_e1_bytes;
	uint32_t delivered_e0_bytes;
	uint32_t delivered_ce_bytes;
	uint32_t received_e1_bytes;
	uint32_t received_e0_bytes;
	uint32_t received_ce_bytes;
	uint16_t accecn_fail_mode;
	uint16_t accecn_opt_seen;
};
