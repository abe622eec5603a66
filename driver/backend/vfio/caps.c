// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * caps.c - VFIO *_INFO ioctls with capability chains.
 *
 * The ioctl is called with argsz = the fixed struct; when the kernel has
 * capabilities to add it answers with the argsz it needs (and no chain), and
 * the call is repeated with a buffer that large.
 *
 * Capability chains (struct vfio_info_cap_header, linux/vfio.h):
 * a list of {id, version, next} headers inside the buffer an *_INFO ioctl
 * filled, "next" being an offset from the start of that buffer, 0 ending it.
 * Walked with every offset checked against the buffer and required to grow,
 * so a corrupt chain can neither read outside the buffer nor loop.
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

gboolean sv_vfio_walk_caps(const void *buf, size_t len, uint32_t first, size_t min_offset,
			   SvVfioCapFunc fn, void *data, const char *what, GError **error)
{
	uint32_t off = first;

	for (unsigned n = 0; off; n++) {
		struct vfio_info_cap_header hdr;
		size_t avail;

		if (n >= SV_MAX_CAPS) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: more than %d capabilities in the chain; refusing to go on",
				    what, SV_MAX_CAPS);
			return FALSE;
		}
		if (off < min_offset || off > len || len - off < sizeof(hdr)) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: capability at offset %u lies outside the %zu-byte info "
				    "buffer (fixed part: %zu bytes)", what, off, len, min_offset);
			return FALSE;
		}
		memcpy(&hdr, (const uint8_t *)buf + off, sizeof(hdr));
		if (hdr.next && hdr.next <= off) {
			g_set_error(error, SV_ERROR, SV_ERROR_PROTOCOL,
				    "%s: capability %u at offset %u points back to offset %u "
				    "(a loop)", what, hdr.id, off, hdr.next);
			return FALSE;
		}
		/* A capability ends where the next one starts, or at the buffer's end. */
		avail = (hdr.next && hdr.next < len ? hdr.next : len) - off;
		if (!fn(&hdr, (const uint8_t *)buf + off, avail, data, error))
			return FALSE;
		off = hdr.next;
	}
	return TRUE;
}
