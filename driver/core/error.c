// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * error.c - the project's error domain (SV_ERROR) and errno mapping.  In the
 * base library (with wait.c and the vfio-user wire layer) that the mock
 * links too.
 */
#include "sofvfio/error.h"

#include <errno.h>
#include <stdarg.h>

G_DEFINE_QUARK(sofvfio-error-quark, sv_error)

void sv_set_error_errno(GError **error, int err, const char *fmt, ...)
{
	va_list ap;
	g_autofree char *msg = NULL;
	int code;

	va_start(ap, fmt);
	msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);

	switch (err) {
	case ENOENT: case ENODEV: case ENXIO: code = SV_ERROR_NOT_FOUND; break;
	case EACCES: case EPERM: code = SV_ERROR_PERM; break;
	case EINVAL: code = SV_ERROR_INVAL; break;
	case EEXIST: code = SV_ERROR_EXISTS; break;
	case EBUSY: code = SV_ERROR_BUSY; break;
	case ETIMEDOUT: code = SV_ERROR_TIMEOUT; break;
	case ENOTSUP: case ENOTTY: code = SV_ERROR_UNSUPPORTED; break;
	case EPIPE: case ECONNRESET: code = SV_ERROR_CRASHED; break;
	default: code = SV_ERROR_IO; break;
	}
	g_set_error(error, SV_ERROR, code, "%s: %s", msg, g_strerror(err));
}
