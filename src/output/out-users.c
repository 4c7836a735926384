// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "out.h"
#include "owners/owners.h"

/* A unit name is cut at this many bytes before escaping. */
#define UNIT_MAX 255

/* One ("comm",pid=N,fd=N,unit=U) at most. */
#define USER_MAX (4 + ESC_TABLE_MAX(OWNERS_COMM_MAX + 1) + 40 + \
		  6 + ESC_TABLE_MAX(UNIT_MAX))

size_t out_fmt_users(struct names *names, const struct owners_entry *v,
		     size_t count, char *dst)
{
	return out_fmt_users_units(names, v, count, false, dst);
}

size_t out_fmt_users_units(struct names *names, const struct owners_entry *v,
			   size_t count, bool units, char *dst)
{
	size_t len = 0;

	if (!count)
		return 0;
	memcpy(dst, "users:(", 7);
	len = 7;
	for (size_t i = 0; i < count; i++) {
		const char *comm, *unit;
		size_t clen, ulen;

		if (len + USER_MAX + sizeof(",...)") > OUT_USERS_MAX) {
			memcpy(dst + len, ",...", 4);
			len += 4;
			break;
		}
		if (i)
			dst[len++] = ',';
		dst[len++] = '(';
		comm = names_owner_comm(names, &v[i], &clen);
		if (comm) {
			dst[len++] = '"';
			/* Between quotes: a '"' in a name must not end
			 * it and forge another owner (ss prints it raw). */
			len += esc_table_quoted(dst + len, comm, clen, true);
			dst[len++] = '"';
		} else {
			dst[len++] = '?';
		}
		memcpy(dst + len, ",pid=", 5);
		len += 5;
		len += fmt_u64(dst + len, v[i].pid);
		memcpy(dst + len, ",fd=", 4);
		len += 4;
		len += fmt_u64(dst + len, (unsigned long long)v[i].fd);
		/* --all-netns only: plain -p stays as ss prints it. */
		unit = units ? names_pid_unit(names, (int32_t)v[i].pid, &ulen)
			     : NULL;
		if (unit) {
			memcpy(dst + len, ",unit=", 6);
			len += 6;
			len += esc_table(dst + len, unit,
					 ulen < UNIT_MAX ? ulen : UNIT_MAX);
		}
		dst[len++] = ')';
	}
	dst[len++] = ')';
	return len;
}
