// SPDX-License-Identifier: GPL-2.0-or-later
/* Runs the fuzz target over every file of the directories named on the
 * command line, so the seed corpus is a regression test in every build,
 * clang or not. A crash or abort() fails it. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char *argv[])
{
	static uint8_t buf[1 << 16];
	int count = 0;

	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		struct dirent *e;

		if (!d) {
			perror(argv[i]);
			return 1;
		}
		while ((e = readdir(d))) {
			char path[4096];
			FILE *fp;
			size_t n;

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
				 e->d_name);
			fp = fopen(path, "rb");
			if (!fp) {
				perror(path);
				return 1;
			}
			n = fread(buf, 1, sizeof(buf), fp);
			fclose(fp);
			LLVMFuzzerTestOneInput(buf, n);
			count++;
		}
		closedir(d);
	}
	printf("%d inputs replayed\n", count);
	return count > 0 ? 0 : 1;
}
