/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "util/num.h"

#include <string.h>

int num_parse_u64(const char *s, size_t len, unsigned base, uint64_t max,
		  uint64_t *ret)
{
	size_t i = 0;

	if (base == 0) {
		if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			i = 2;
		} else if (len > 1 && s[0] == '0') {
			base = 8;
			i = 1;
		} else {
			base = 10;
		}
	}
	return num_parse_base(s + i, len - i, base, max, ret);
}

int num_parse_u32(const char *s, size_t len, unsigned base, uint32_t max,
		  uint32_t *ret)
{
	uint64_t v;
	int r = num_parse_u64(s, len, base, max, &v);

	if (r < 0)
		return r;
	*ret = (uint32_t)v;
	return 0;
}

int num_parse_cstr_u64(const char *s, unsigned base, uint64_t max,
		       uint64_t *ret)
{
	return num_parse_u64(s, strlen(s), base, max, ret);
}

size_t fmt_u64(char *dst, unsigned long long v)
{
	char tmp[20];
	size_t n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

int num_parse_port_range(const char *buf, size_t len, uint16_t *ret_lo,
			   uint16_t *ret_hi)
{
	const char *end = buf + len, *p = buf, *tok[2];
	size_t tlen[2];
	uint32_t v[2];

	for (int i = 0; i < 2; i++) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		tok[i] = p;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
		tlen[i] = (size_t)(p - tok[i]);
		if (num_parse_u32(tok[i], tlen[i], 10, UINT16_MAX, &v[i]) < 0)
			return -EINVAL;
	}
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (p != end || v[0] > v[1])
		return -EINVAL;
	*ret_lo = (uint16_t)v[0];
	*ret_hi = (uint16_t)v[1];
	return 0;
}

uint64_t num_socket_link(const char *s, size_t len)
{
	uint64_t v;

	if (len < 10 || memcmp(s, "socket:[", 8) != 0 || s[len - 1] != ']' ||
	    num_parse_u64(s + 8, len - 9, 10, UINT64_MAX, &v) < 0)
		return 0;
	return v;
}
