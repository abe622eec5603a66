// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - VFIO *_INFO ioctls with capability chains.
 *
 * The ioctl is called with argsz = the fixed struct; when the kernel has
 * capabilities to add it answers with the argsz it needs (and no chain), and
 * the call is repeated with a buffer that large.
 *
 * The capability chains in the answers are walked by the core
 * (driver/core/caps.c), shared with the vfio-user backend.
 */
#include "vfio.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

/* No *_INFO answer is anywhere near this; a larger argsz is a kernel bug. */
#define INFO_MAX_ARGSZ (64u * 1024)

int sv_vfio_ioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r < 0 && errno == EINTR);
	return r;
}

void *sv_vfio_get_info(int fd, unsigned long req, const void *fixed, size_t fixed_len,
		       size_t *len, int *err)
{
	size_t cur = fixed_len;
	uint8_t *buf = NULL;

	/* argsz can grow at most a couple of times (caps appearing): bound the loop. */
	for (unsigned round = 0; round < 4; round++) {
		uint32_t want;

		buf = g_realloc(buf, cur);
		memset(buf, 0, cur);
		memcpy(buf, fixed, fixed_len);
		want = (uint32_t)cur;
		memcpy(buf, &want, sizeof(want)); /* argsz is the first field of every *_info */
		if (sv_vfio_ioctl(fd, req, buf) < 0) {
			*err = errno;
			g_free(buf);
			return NULL;
		}
		memcpy(&want, buf, sizeof(want));
		if (want <= cur) {
			*len = cur;
			return buf;
		}
		if (want > INFO_MAX_ARGSZ) {
			*err = E2BIG;
			g_free(buf);
			return NULL;
		}
		cur = want;
	}
	*err = EOVERFLOW; /* argsz kept growing */
	g_free(buf);
	return NULL;
}
