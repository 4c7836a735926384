// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

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

/* The code point of the well-formed @n-byte sequence at @p. */
static uint32_t utf8_decode(const uint8_t *p, size_t n)
{
	static const uint8_t lead_mask[] = {0, 0x7f, 0x1f, 0x0f, 0x07};
	uint32_t cp = p[0] & lead_mask[n];

	for (size_t k = 1; k < n; k++)
		cp = cp << 6 | (p[k] & 0x3f);
	return cp;
}

bool utf8_is_format(const uint8_t *s, size_t n)
{
	uint32_t cp;

	if (n < 2)
		return false;
	cp = utf8_decode(s, n);
	/* Bidirectional embeddings, overrides and isolates reorder what
	 * follows them on screen; zero-width characters hide or join. */
	return cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) || cp == 0x2060 ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

/* Whether the @n-byte sequence at @p (n from utf8_seq_len) may reach a
 * terminal as it is: printable ASCII but the backslash, and well-formed
 * UTF-8 that is neither a C1 control nor a format character. */
static bool plain(const uint8_t *p, size_t n)
{
	if (n == 1)
		return p[0] >= 0x20 && p[0] < 0x7f && p[0] != '\\';
	if (n == 0 || (n == 2 && p[0] == 0xc2 && p[1] < 0xa0))
		return false;
	return !utf8_is_format(p, n);
}

size_t esc_table_quoted(char *dst, const char *s, size_t len, bool quote)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t o = 0;

	for (size_t i = 0; i < len;) {
		uint8_t c = p[i];
		size_t n = utf8_seq_len(p + i, len - i);

		if (plain(p + i, n) && !(quote && c == '"')) {
			for (size_t k = 0; k < n; k++)
				dst[o++] = (char)p[i + k];
			i += n;
			continue;
		}
		/* A C1 control, a format character, a byte of invalid
		 * UTF-8: each of its bytes escaped on its own. */
		if (n > 1) {
			for (size_t k = 0; k < n; k++) {
				dst[o++] = '\\';
				dst[o++] = 'x';
				dst[o++] = hexdig[p[i + k] >> 4];
				dst[o++] = hexdig[p[i + k] & 15];
			}
			i += n;
			continue;
		}
		if (c == '"') {
			dst[o++] = '\\';
			dst[o++] = '"';
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

size_t esc_table(char *dst, const char *s, size_t len)
{
	return esc_table_quoted(dst, s, len, false);
}

char *esc_table_ndup(const char *s, size_t len)
{
	char *dst = malloc(ESC_TABLE_MAX(len) + 1);

	if (!dst)
		return NULL;
	dst[esc_table(dst, s, len)] = '\0';
	return dst;
}

char *esc_table_dup(const char *s)
{
	return esc_table_ndup(s, strlen(s));
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
		} else if (n > 1 && utf8_is_format(p + i, n)) {
			/* As the table: a JSON viewer must not reorder. */
			uint32_t cp = utf8_decode(p + i, n);

			d = obuf_reserve(o, 6);
			d[0] = '\\';
			d[1] = 'u';
			for (int k = 0; k < 4; k++)
				d[2 + k] = hexdig[(cp >> (12 - 4 * k)) & 15];
			obuf_commit(o, 6);
			i += n;
			continue;
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
