// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The bounded buffer the table text of -e, -o, -m and -i is written into,
 * and the number formats ss uses there. Below out-detail.c and
 * out-detail-info.c, which both write through it; it calls neither.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dbuf.h"

void dbuf_fmt(struct dbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		dbuf_put(b, tmp,
			 (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

void dbuf_esc(struct dbuf *b, const char *s, size_t len)
{
	char tmp[ESC_TABLE_MAX(256)];

	while (len) {
		size_t n = len < 256 ? len : 256;

		/* Do not split a UTF-8 sequence between two chunks. */
		while (n < len && n > 1 && ((uint8_t)s[n] & 0xc0) == 0x80)
			n--;
		dbuf_put(b, tmp, esc_table(tmp, s, n));
		s += n;
		len -= n;
	}
}

/* Below 10^6 "%g" is the exact decimal, done here; above, the double's
 * own rounding decides, so printf. */
void dbuf_milli(struct dbuf *b, uint64_t v)
{
	char tmp[32];
	size_t n;
	unsigned frac = (unsigned)(v % 1000);

	if (v >= 1000000) {
		dbuf_fmt(b, "%g", (double)v / 1000);
		return;
	}
	n = fmt_u64(tmp, v / 1000);
	if (frac) {
		tmp[n++] = '.';
		tmp[n++] = (char)('0' + frac / 100);
		tmp[n++] = (char)('0' + frac / 10 % 10);
		tmp[n++] = (char)('0' + frac % 10);
		while (tmp[n - 1] == '0')
			n--;
	}
	dbuf_put(b, tmp, n);
}

void dbuf_bw(struct out *o, struct dbuf *b, double bps)
{
	if (o->opts->numeric)
		dbuf_fmt(b, "%.0f", bps);
	else if (bps >= 1e12)
		dbuf_fmt(b, "%.3gT", bps / 1e12);
	else if (bps >= 1e9)
		dbuf_fmt(b, "%.3gG", bps / 1e9);
	else if (bps >= 1e6)
		dbuf_fmt(b, "%.3gM", bps / 1e6);
	else if (bps >= 1e3)
		dbuf_fmt(b, "%.3gk", bps / 1e3);
	else
		dbuf_fmt(b, "%g", bps);
	dbuf_str(b, "bps");
}

void dbuf_break(struct out *o, struct dbuf *b)
{
	dbuf_str(b, o->opts->oneline ? " " : "\n\t");
}
