/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sofvfio/sysfs.h - what the kernel says about PCI functions in sysfs, and
 * moving a whole IOMMU group to vfio-pci and back (`sofvfio status`, `bind`,
 * `unbind`, `doctor`).  This runs before the device API: it only reads and
 * writes files under /sys, /dev and /proc.
 *
 * Roots are configurable so the logic can be tested on a fake tree:
 *   SOFVFIO_SYSFS_ROOT (default /sys), SOFVFIO_DEV_ROOT (default /dev),
 *   SOFVFIO_PROC_ROOT (default /proc), SOFVFIO_MODULES_DIR (default
 *   /lib/modules/$(uname -r)), SOFVFIO_STATE_DIR (default /run/sofvfio).
 *
 * Errors are in the SV_ERROR domain (sofvfio/device.h).
 */
#ifndef SOFVFIO_SYSFS_H
#define SOFVFIO_SYSFS_H

#include <glib.h>
#include "sofvfio/device.h"
#include <stdint.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* "DDDD:BB:DD.F" with up to 8 domain digits, and the NUL. */

/* ---- roots ------------------------------------------------------------- */

/** sv_sysfs_root() - $SOFVFIO_SYSFS_ROOT or "/sys" (read at each call). */
const char *sv_sysfs_root(void);
/** sv_dev_root() - $SOFVFIO_DEV_ROOT or "/dev". */
const char *sv_dev_root(void);
/** sv_proc_root() - $SOFVFIO_PROC_ROOT or "/proc". */
const char *sv_proc_root(void);
/** sv_modules_dir() - $SOFVFIO_MODULES_DIR or /lib/modules/RELEASE; newly allocated. */
char *sv_modules_dir(void);
/** sv_state_dir() - $SOFVFIO_STATE_DIR or "/run/sofvfio". */
const char *sv_state_dir(void);

/**
 * sv_sysfs_path() - the sysfs root followed by the formatted path.
 * @fmt: printf format of a path starting with '/' ("/bus/pci/devices/%s")
 * Return: newly allocated.
 */
char *sv_sysfs_path(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/** sv_dev_path() - like sv_sysfs_path() under the /dev root. */
char *sv_dev_path(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/** sv_proc_path() - like sv_sysfs_path() under the /proc root. */
char *sv_proc_path(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/* ---- PCI functions ------------------------------------------------------ */

/**
 * sv_pci_parse_address() - normalise a PCI address: "00:1f.3" or
 * "0000:00:1F.3" -> "0000:00:1f.3".
 * @spec: what the user typed
 * @out: the canonical form
 * @error: SV_ERROR_INVAL with the expected form
 */
gboolean sv_pci_parse_address(const char *spec, char out[SV_PCI_ADDR_MAX], GError **error);

/**
 * struct SvPciFunc - one PCI function as sysfs shows it.
 * @address: "0000:00:1b.0"
 * @vendor: @device: @subvendor: @subdevice: the ids
 * @class_code: base class, subclass, prog-if (0x040300)
 * @header_type: config byte 0x0e without the multifunction bit (0 endpoint,
 *               1 PCI-PCI bridge), or 0xff when config space is unreadable
 * @revision: config byte 0x08
 * @driver: bound driver (basename of the `driver` link), NULL when none
 * @driver_override: driver_override contents, NULL when "(null)"/empty
 * @iommu_group: IOMMU group number, -1 without an IOMMU
 * @modalias: the `modalias` attribute ("pci:v00008086d00002668...")
 * @config: the first 64 bytes of config space (zero when unreadable)
 */
typedef struct {
	char address[SV_PCI_ADDR_MAX];
	uint16_t vendor, device, subvendor, subdevice;
	uint32_t class_code;
	uint8_t header_type;
	uint8_t revision;
	char *driver;
	char *driver_override;
	int iommu_group;
	char *modalias;
	uint8_t config[64];
} SvPciFunc;

/**
 * sv_pci_func_read() - read one function's attributes from sysfs.
 * @address: canonical address (see sv_pci_parse_address())
 * @error: SV_ERROR_NOT_FOUND when the function does not exist
 * Return: the function, free with sv_pci_func_free().
 */
SvPciFunc *sv_pci_func_read(const char *address, GError **error);
/** sv_pci_func_free() - free (NULL is fine). */
void sv_pci_func_free(SvPciFunc *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SvPciFunc, sv_pci_func_free)

/**
 * sv_pci_list() - every PCI function, sorted by address.
 * @error: SV_ERROR_NOT_FOUND when /sys/bus/pci/devices cannot be listed
 * Return: array of SvPciFunc (owns them).
 */
GPtrArray *sv_pci_list(GError **error);

/**
 * sv_pci_is_bridge() - a PCI-PCI bridge (header type 1 or class 0x0604):
 * bridges do not count for group viability and are never rebound.
 */
gboolean sv_pci_is_bridge(const SvPciFunc *f);

/**
 * sv_pci_is_audio() - an audio function: class 0x0403 (HD Audio) or 0x0401
 * (multimedia audio), or an Intel (8086) DSP with class 0x0401/0x0480 (SST/SOF).
 */
gboolean sv_pci_is_audio(const SvPciFunc *f);

/**
 * sv_pci_current_driver() - re-read the `driver` link of @address.
 * Return: the driver name (newly allocated) or NULL when unbound.
 */
char *sv_pci_current_driver(const char *address);

/**
 * sv_pci_current_override() - re-read driver_override of @address.
 * Return: its value (newly allocated), NULL when "(null)" or empty.
 */
char *sv_pci_current_override(const char *address);

/**
 * sv_pci_reset_methods() - how the kernel can reset @address:
 * `reset_method` contents ("flr bus"), "reset" when only the `reset` file
 * exists, NULL when neither exists.  Newly allocated.
 */
char *sv_pci_reset_methods(const char *address);

/**
 * sv_pci_vfio_cdev() - the VFIO device cdev of @address, bound to vfio-pci
 * on a kernel with CONFIG_VFIO_DEVICE_CDEV (6.6+): sysfs `vfio-dev/vfioN`
 * with a `dev` file (6.1-6.5 list vfio-dev/vfioN without one).
 * Return: "/dev/vfio/devices/vfioN" (under the /dev root), NULL when none.
 */
char *sv_pci_vfio_cdev(const char *address);

/** sv_iommufd_present() - /dev/iommu exists: the kernel has iommufd loaded. */
gboolean sv_iommufd_present(void);

/* ---- IOMMU groups ------------------------------------------------------- */

/** sv_iommu_group_count() - entries of /sys/kernel/iommu_groups (0: IOMMU off). */
unsigned sv_iommu_group_count(void);

/**
 * sv_iommu_group_members() - the functions of group @group, sorted.
 * @error: SV_ERROR_NOT_FOUND when the group does not exist
 * Return: array of SvPciFunc (owns them).
 */
GPtrArray *sv_iommu_group_members(int group, GError **error);

/**
 * enum SvVfioReadiness - can the driver open this function through VFIO?
 * @SV_VFIO_READY: bound to vfio-pci and every endpoint of its group is on
 *                 vfio-pci or unbound
 * @SV_VFIO_BIND_NEEDED: the function is not on vfio-pci (`sofvfio bind`)
 * @SV_VFIO_NO_IOMMU: no IOMMU group (IOMMU off)
 * @SV_VFIO_NOT_VIABLE: on vfio-pci, but another endpoint of the group is
 *                      held by a kernel driver
 */
typedef enum {
	SV_VFIO_READY,
	SV_VFIO_BIND_NEEDED,
	SV_VFIO_NO_IOMMU,
	SV_VFIO_NOT_VIABLE,
} SvVfioReadiness;

/**
 * sv_vfio_readiness() - the verdict for @f, given its group @members
 * (NULL when it has no group).
 * @reason: (out) one line saying why ("group not viable: 0000:00:1f.2
 *          (ahci)"), newly allocated
 */
SvVfioReadiness sv_vfio_readiness(const SvPciFunc *f, GPtrArray *members, char **reason);

/** sv_vfio_readiness_word() - "ready", "bind needed", "no IOMMU", "group not viable". */
const char *sv_vfio_readiness_word(SvVfioReadiness r);

/* ---- modules ------------------------------------------------------------ */

/** sv_module_loaded() - /sys/module/@name exists (loaded or built in with parameters). */
gboolean sv_module_loaded(const char *name);

/**
 * sv_modalias_modules() - modules whose `alias pci:...` patterns in
 * modules.alias match @modalias (vfio-pci's own vfio_pci: aliases do not
 * count).  The file is read once per process.
 * Return: array of module names (may be empty), or NULL when modules.alias
 * cannot be read.
 */
GPtrArray *sv_modalias_modules(const char *modalias);

/* ---- in use ------------------------------------------------------------- */

/**
 * sv_pci_users() - what makes @address busy: open sound devices of its
 * cards (any process holding one of the card's /dev/snd nodes open), block
 * devices below it that are mounted or used for swap (directly or through a
 * holder such as dm), network interfaces below it that are up.
 * @incomplete: (out, optional) set when some processes could not be
 *              inspected (not root)
 * Return: array of one-line descriptions ("sound card 0: /dev/snd/controlC0
 * open by PID 42 (sh)"), empty when idle.
 */
GPtrArray *sv_pci_users(const char *address, gboolean *incomplete);

/* ---- binding ------------------------------------------------------------ */

/**
 * enum SvBindStep - how far binding one member got (kept in the state file).
 * @SV_BIND_PENDING: nothing changed yet
 * @SV_BIND_OVERRIDE: driver_override written
 * @SV_BIND_UNBOUND: unbound from its driver
 * @SV_BIND_DONE: on vfio-pci, verified
 */
typedef enum {
	SV_BIND_PENDING,
	SV_BIND_OVERRIDE,
	SV_BIND_UNBOUND,
	SV_BIND_DONE,
} SvBindStep;

/**
 * struct SvBindMember - one member of a bound group, as it was before.
 * @address: the function
 * @driver: its driver before binding (NULL: none)
 * @driver_override: its driver_override before binding (NULL: none)
 * @step: progress of the bind
 */
typedef struct {
	char *address;
	char *driver;
	char *driver_override;
	SvBindStep step;
} SvBindMember;

/**
 * struct SvBindState - the state file: the truth about what `unbind` must restore.
 * @group: IOMMU group number
 * @device: the address the user asked for
 * @created: when (ISO 8601)
 * @members: SvBindMember, bridges excluded
 */
typedef struct {
	int group;
	char *device;
	char *created;
	GPtrArray *members;
} SvBindState;

/** sv_bind_state_new() - an empty state for @group / @device. */
SvBindState *sv_bind_state_new(int group, const char *device);
/** sv_bind_state_free() - free (NULL is fine). */
void sv_bind_state_free(SvBindState *st);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SvBindState, sv_bind_state_free)
/** sv_bind_state_add() - append a member (strings are copied). */
SvBindMember *sv_bind_state_add(SvBindState *st, const char *address, const char *driver,
				const char *driver_override);
/** sv_bind_state_path() - $STATE_DIR/bind-GROUP.json, newly allocated. */
char *sv_bind_state_path(int group);
/** sv_bind_state_to_json() - the state file's text, newly allocated. */
char *sv_bind_state_to_json(const SvBindState *st);
/**
 * sv_bind_state_from_json() - parse a state file's text.
 * @error: SV_ERROR_INVAL saying what is wrong and where
 */
SvBindState *sv_bind_state_from_json(const char *text, GError **error);
/**
 * sv_bind_state_save() - write the state file atomically (temporary file,
 * fsync, rename), creating the state directory (0755) when needed.
 */
gboolean sv_bind_state_save(const SvBindState *st, GError **error);
/**
 * sv_bind_state_find() - the state file whose members include @address.
 * @path: (out, optional) its path
 * @error: SV_ERROR_NOT_FOUND when there is none, SV_ERROR_INVAL when one is corrupt
 */
SvBindState *sv_bind_state_find(const char *address, char **path, GError **error);

/** typedef SvSayFunc - receives progress lines (no newline) from bind/unbind. */
typedef void (*SvSayFunc)(const char *line, void *data);

/**
 * struct SvBindOptions - what bind/unbind do besides the plain work.
 * @dry_run: print one line per change (sysfs write, modprobe, chown,
 *           state file) and change nothing
 * @force: proceed even when a member is in use
 * @verbose: also report each sysfs write as it is done
 * @set_owner: chown /dev/vfio/GROUP to @owner_uid:@owner_gid afterwards
 * @say: progress and plan lines (may be NULL)
 * @say_data: passed to @say
 *
 * Test hook: when $SOFVFIO_BIND_FAIL_AT=N, the N-th sysfs write of a bind
 * (counting from 1, rollback writes excluded) fails as if the kernel had
 * refused it, so the rollback can be tested on a real kernel.
 */
typedef struct {
	gboolean dry_run;
	gboolean force;
	gboolean verbose;
	gboolean set_owner;
	uid_t owner_uid;
	gid_t owner_gid;
	SvSayFunc say;
	void *say_data;
} SvBindOptions;

/**
 * sv_bind_group() - bind @address and every other endpoint of its IOMMU
 * group to vfio-pci: load vfio-pci when needed, record the original drivers
 * in the state file (before changing anything, updated as steps succeed),
 * then per member driver_override -> unbind -> drivers_probe -> verify the
 * `driver` link; wait for /dev/vfio/GROUP and chown it when asked.
 * Refuses (SV_ERROR_BUSY, naming each use) when a member is in use unless
 * @opts->force.  On any failure, rolls back every member already changed,
 * verifies, and puts the failure and the rollback result in @error.
 * Return: TRUE when the group is on vfio-pci (or, dry run, the plan was printed).
 */
gboolean sv_bind_group(const char *address, const SvBindOptions *opts, GError **error);

/**
 * sv_unbind_group() - give the group of @address back to its drivers, from
 * the state file: write the saved driver_override (or clear it), unbind from
 * vfio-pci, drivers_probe, verify; remove the state file when all members
 * are restored.  Works on any partial state a crash left.  Without a state
 * file: clears vfio-pci overrides of the group's endpoints, unbinds them
 * from vfio-pci and reprobes, and says that no record existed.
 */
gboolean sv_unbind_group(const char *address, const SvBindOptions *opts, GError **error);


/* ---- machine facts for `sofvfio doctor` (probe.c) ------------------------- */

/** sv_cpu_vendor() - "intel" or "amd" from /proc/cpuinfo, NULL when unknown. */
const char *sv_cpu_vendor(void);

/** sv_kernel_cmdline_has() - @word is one of the words of /proc/cmdline. */
gboolean sv_kernel_cmdline_has(const char *word);

/**
 * struct SvIrqRemap - what says whether interrupt remapping is in use.
 * @ir_interrupts: lines of /proc/interrupts on an "IR-" chip (remapped)
 * @units: the VT-d units and their IR bit ("dmar0 ecap 0x... IR yes, ...")
 * @unsafe_allowed: vfio_iommu_type1 allow_unsafe_interrupts is on
 */
typedef struct {
	unsigned ir_interrupts;
	char *units;
	gboolean unsafe_allowed;
} SvIrqRemap;

/** sv_irq_remap_probe() - fill @out; free it with sv_irq_remap_clear(). */
void sv_irq_remap_probe(SvIrqRemap *out);
void sv_irq_remap_clear(SvIrqRemap *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(SvIrqRemap, sv_irq_remap_clear)

/** sv_has_cap_ipc_lock() - CAP_IPC_LOCK in the effective set (no memlock limit for VFIO). */
gboolean sv_has_cap_ipc_lock(void);

G_END_DECLS

#endif
