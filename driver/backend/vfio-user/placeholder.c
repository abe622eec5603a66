// SPDX-License-Identifier: GPL-2.0-or-later
/* Placeholder until the vfio-user backend lands: names with its prefix get a clear error. */
#include "../../core/backend.h"

static gboolean not_built(SvDevice *dev, const char *spec, GError **error)
{
	g_set_error(error, SV_ERROR, SV_ERROR_UNSUPPORTED,
		    "%s: the vfio-user backend is not part of this build yet", dev->name);
	return FALSE;
}

const SvBackendOps sv_backend_vfio_user = {
	.name = "vfio-user",
	.prefix = "vfio-user:",
	.open = not_built,
};
