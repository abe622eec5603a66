/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sofvfio/sofvfio.h - umbrella header. */
#ifndef SOFVFIO_H
#define SOFVFIO_H
#include "sofvfio/device.h"
#include "sofvfio/wait.h"
#endif
