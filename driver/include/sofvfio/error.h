/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/error.h - the project's error domain, SV_ERROR: every GError the
 * driver, its backends and the wire layer set is in it.  In the base library
 * (driver/core/error.c), which the mock links too.
 */
#ifndef SOFVFIO_ERROR_H
#define SOFVFIO_ERROR_H

#include <glib.h>

G_BEGIN_DECLS

#define SV_ERROR (sv_error_quark())
GQuark sv_error_quark(void);

/**
 * enum SvError - error codes in the SV_ERROR domain.
 * The message always says what failed, on which device, and what to do.
 */
typedef enum {
	SV_ERROR_FAILED,      /* anything else */
	SV_ERROR_INVAL,       /* bad argument or malformed name/option */
	SV_ERROR_NOT_FOUND,   /* no such device, file, region or codec */
	SV_ERROR_NOT_BOUND,   /* device not bound to vfio-pci */
	SV_ERROR_NOT_VIABLE,  /* IOMMU group not viable */
	SV_ERROR_PERM,        /* permission denied */
	SV_ERROR_NO_IOMMU,    /* IOMMU off or no IOMMU group */
	SV_ERROR_TIMEOUT,     /* a bounded wait ran out */
	SV_ERROR_UNSUPPORTED, /* the device or backend cannot do this */
	SV_ERROR_IO,          /* an access failed (socket, ioctl, pread) */
	SV_ERROR_PROTOCOL,    /* the peer broke the protocol */
	SV_ERROR_EXISTS,      /* overlapping DMA mapping and the like */
	SV_ERROR_BUSY,        /* in use */
	SV_ERROR_CRASHED,     /* the peer (QEMU, server) went away */
} SvError;

/**
 * sv_set_error_errno() - set @error to "MESSAGE: strerror(@err)" with the
 * SvError code that fits @err (ENOENT: SV_ERROR_NOT_FOUND, EPIPE:
 * SV_ERROR_CRASHED, ...; SV_ERROR_IO for the rest).
 */
void sv_set_error_errno(GError **error, int err, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

G_END_DECLS

#endif
