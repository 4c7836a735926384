// SPDX-License-Identifier: GPL-2.0-or-later
/* cgroup id -> path for -e: the mountinfo reader and the directory walk. */
#include <fcntl.h>
#include <sys/stat.h>

#include "tests/unit/unit.h"

#include "src/names/cgroup.h"

static void mount_point_of_cgroup2(void **state)
{
	static const char info[] =
		"22 28 0:21 / /proc rw,nosuid - proc proc rw\n"
		"25 28 0:6 / /dev rw,nosuid shared:2 - devtmpfs udev rw\n"
		"30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev shared:4 - "
		"cgroup2 cgroup2 rw,nsdelegate\n"
		"31 24 0:27 / /sys/fs/bpf rw - bpf bpf rw\n";
	char mnt[64];

	assert_int_equal(cgroup_mount_find(info, sizeof(info) - 1, mnt,
					   sizeof(mnt)),
			 0);
	assert_string_equal(mnt, "/sys/fs/cgroup");
}

static void no_cgroup2_or_no_room(void **state)
{
	/* cgroup v1 only; a type that merely starts with "cgroup2"; a
	 * mount point that does not fit; a cut line. */
	static const char v1[] =
		"30 24 0:26 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"
		"31 24 0:27 / /x rw - cgroup2x none rw\n";
	static const char ok[] = "30 24 0:26 / /sys/fs/cgroup rw - cgroup2 "
				 "cgroup2 rw\n";
	static const char cut[] = "30 24 0:26 / /sys/fs/cgroup rw - cgr";
	char mnt[64];

	assert_int_equal(cgroup_mount_find(v1, sizeof(v1) - 1, mnt, 64),
			 -ENOENT);
	assert_int_equal(cgroup_mount_find(ok, sizeof(ok) - 1, mnt, 8),
			 -ENOENT);
	assert_int_equal(cgroup_mount_find(cut, sizeof(cut) - 1, mnt, 64),
			 -ENOENT);
	assert_int_equal(cgroup_mount_find("", 0, mnt, 64), -ENOENT);
}

/* The id the walk gives directory @path: its 8-byte file handle, else
 * its inode number (as cgroup2 ids are on 64-bit kernels). */
static uint64_t id_of(const char *path)
{
	struct {
		struct file_handle fh;
		unsigned char bytes[8];
	} h = {.fh.handle_bytes = 8};
	struct stat st;
	uint64_t id;
	int mnt;

	if (name_to_handle_at(AT_FDCWD, path, &h.fh, &mnt, 0) == 0 &&
	    h.fh.handle_bytes == 8) {
		memcpy(&id, h.fh.f_handle, sizeof(id));
		return id;
	}
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void walk_maps_every_directory(void **state)
{
	char root[] = "/tmp/sockscope-cg-XXXXXX", a[64], ab[64], f[64];
	struct cgroup_map *m = NULL;
	int fd;

	assert_non_null(mkdtemp(root));
	snprintf(a, sizeof(a), "%s/a", root);
	snprintf(ab, sizeof(ab), "%s/a/b.slice", root);
	snprintf(f, sizeof(f), "%s/a/cgroup.procs", root);
	assert_int_equal(mkdir(a, 0700), 0);
	assert_int_equal(mkdir(ab, 0700), 0);
	fd = open(f, O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(cgroup_map_load(root, &m), 0);
	assert_string_equal(cgroup_map_path(m, id_of(root)), "/");
	assert_string_equal(cgroup_map_path(m, id_of(a)), "/a");
	assert_string_equal(cgroup_map_path(m, id_of(ab)), "/a/b.slice");
	/* Files are no cgroups. */
	assert_null(cgroup_map_path(m, id_of(f)));
	cgroup_map_free(m);

	unlink(f);
	rmdir(ab);
	rmdir(a);
	rmdir(root);
}

static void missing_root_and_null_map(void **state)
{
	struct cgroup_map *m = (struct cgroup_map *)(uintptr_t)1;

	assert_int_equal(cgroup_map_load("/nonexistent/cgroup", &m), -ENOENT);
	assert_ptr_equal(m, (struct cgroup_map *)(uintptr_t)1); /* untouched */
	assert_null(cgroup_map_path(NULL, 1));
	cgroup_map_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mount_point_of_cgroup2),
		cmocka_unit_test(no_cgroup2_or_no_room),
		cmocka_unit_test(walk_maps_every_directory),
		cmocka_unit_test(missing_root_and_null_map),
	};

	return harness_run_group(tests, NULL, NULL);
}
