// SPDX-License-Identifier: GPL-2.0-or-later
#include "escape.h"

static const char hexdig[] = "0123456789abcdef";

size_t utf8_seq_len(const uint8_t *s, size_t left)
{
	uint8_t c = s[0];
	size_t n;
	uint8_t lo = 0x80, hi = 0xbf; /* allowed range of the 2nd byte */

	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0; /* continuation byte, or overlong 2-byte lead */
	if (c < 0xe0) {
		n = 2;
	} else if (c < 0xf0) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* UTF-16 surrogates */
	} else if (c < 0xf5) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (left < n || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

bool utf8_valid(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

size_t esc_table(char *dst, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];
		size_t n = utf8_seq_len(p + i, len - i);

		/* C1 controls are two bytes in UTF-8 (U+0080..U+009F) and
		 * terminals act on them: escape each byte. */
		bool c1 = n == 2 && c == 0xc2 && p[i + 1] < 0xa0;
		if (n > 1 && !c1) {
			for (size_t k = 0; k < n; k++)
				dst[o++] = (char)p[i + k];
			i += n;
			continue;
		}
		if (n == 2)
			n = 1; /* the C1 case: escape byte by byte */
		if (n == 1 && c >= 0x20 && c < 0x7f && c != '\\') {
			dst[o++] = (char)c;
		} else if (c == '\\' || c == '\n' || c == '\t' || c == '\r') {
			dst[o++] = '\\';
			dst[o++] = c == '\\' ? '\\' : c == '\n' ? 'n'
					  : c == '\t'   ? 't'
							: 'r';
		} else {
			dst[o++] = '\\';
			dst[o++] = 'x';
			dst[o++] = hexdig[c >> 4];
			dst[o++] = hexdig[c & 15];
		}
		i++;
	}
	return o;
}

void json_put_string(struct obuf *o, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;

	obuf_putc(o, '"');
	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];
		size_t n = utf8_seq_len(p + i, len - i);
		char *d;

		if (n == 0) {
			obuf_put(o, "\\ufffd", 6);
			i++;
			continue;
		}
		/* DEL and C1 controls are valid JSON raw, but a terminal
		 * showing the JSON would act on them: escape them too. */
		if (n == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
			c = p[i + 1];
			i++;
		} else if (n > 1 || (c >= 0x20 && c != '"' && c != '\\' &&
				     c != 0x7f)) {
			obuf_put(o, p + i, n);
			i += n;
			continue;
		}
		d = obuf_reserve(o, 6);
		d[0] = '\\';
		switch (c) {
		case '"':
		case '\\':
			d[1] = (char)c;
			obuf_commit(o, 2);
			break;
		case '\n':
			d[1] = 'n';
			obuf_commit(o, 2);
			break;
		case '\t':
			d[1] = 't';
			obuf_commit(o, 2);
			break;
		case '\r':
			d[1] = 'r';
			obuf_commit(o, 2);
			break;
		default:
			d[1] = 'u';
			d[2] = '0';
			d[3] = '0';
			d[4] = hexdig[c >> 4];
			d[5] = hexdig[c & 15];
			obuf_commit(o, 6);
		}
		i++;
	}
	obuf_putc(o, '"');
}

void json_put_hex(struct obuf *o, const void *s, size_t len)
{
	const uint8_t *p = s;

	obuf_putc(o, '"');
	for (size_t i = 0; i < len; i++) {
		char *d = obuf_reserve(o, 2);
		d[0] = hexdig[p[i] >> 4];
		d[1] = hexdig[p[i] & 15];
		obuf_commit(o, 2);
	}
	obuf_putc(o, '"');
}
