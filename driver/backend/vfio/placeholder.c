// SPDX-License-Identifier: GPL-2.0-or-later
/* Placeholder until the kernel VFIO backend lands. */
#include "../../core/backend.h"

static gboolean not_built(SvDevice *dev, const char *spec, GError **error)
{
	g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
		    "%s: the kernel VFIO backend is not part of this build yet", dev->name);
	return FALSE;
}

const SvBackendOps sv_backend_vfio = {
	.name = "vfio",
	.open = not_built,
	.has_iommu = TRUE,
};
