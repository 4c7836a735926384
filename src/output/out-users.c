// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "out.h"
#include "owners/owners.h"

/* One ("comm",pid=N,fd=N) at most. */
#define USER_MAX (4 + ESC_TABLE_MAX(OWNERS_COMM_MAX + 1) + 40)

size_t out_fmt_users(struct names *names, const struct owners_entry *v,
		     size_t count, char *dst)
{
	size_t len = 0;

	if (!count)
		return 0;
	memcpy(dst, "users:(", 7);
	len = 7;
	for (size_t i = 0; i < count; i++) {
		const char *comm;
		size_t clen;

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
			len += esc_table(dst + len, comm, clen);
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
		dst[len++] = ')';
	}
	dst[len++] = ')';
	return len;
}
