// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * server.c - the listening socket, the poll loop and the client's lifecycle.
 *
 * One thread, one poll() loop over: the listening socket (only while no
 * client is connected: later clients wait in the backlog), the client
 * socket, a signalfd (SIGTERM/SIGINT end the server, SIGUSR1 is passed to
 * the device), a timerfd that paces the device, and the INTx unmask eventfd.
 * When the client leaves: its DMA windows are unmapped, its interrupt fds
 * closed, the device keeps its state (vfio-user.rst "Client Disconnection").
 */
#define SV_LOG_PREFIX "server"
#include "sofvfio/log.h"
#include "server-priv.h"
#include "sofvfio/error.h"
#include "sofvfio/wait.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static gboolean fill_addr(struct sockaddr_un *sa, const char *path, GError **error)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa->sun_path)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_NAMETOOLONG,
			    "socket path %s is too long (at most %zu bytes): use a shorter one",
			    path, sizeof(sa->sun_path) - 1);
		return FALSE;
	}
	strcpy(sa->sun_path, path);
	return TRUE;
}

/* A socket file nobody listens on is left over from a dead server: remove it.
 * A live socket or anything that is not a socket is refused. */
static gboolean clear_path(const char *path, GError **error)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, ret, err;

	if (lstat(path, &st) < 0) {
		if (errno == ENOENT)
			return TRUE;
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot check %s: %s",
			    path, g_strerror(err));
		return FALSE;
	}
	if (!S_ISSOCK(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			    "%s exists and is not a socket: refusing to replace it; choose "
			    "another --socket path", path);
		return FALSE;
	}
	if (!fill_addr(&sa, path, error))
		return FALSE;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "socket: %s",
			    g_strerror(err));
		return FALSE;
	}
	ret = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	err = errno;
	close(fd);
	if (ret == 0) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_EXIST,
			    "%s is a live socket: another server is listening there; stop it "
			    "or choose another --socket path", path);
		return FALSE;
	}
	if (err != ECONNREFUSED && err != ENOENT) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot tell whether %s is in use: %s", path, g_strerror(err));
		return FALSE;
	}
	if (unlink(path) < 0 && errno != ENOENT) {
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot remove the stale socket %s: %s", path, g_strerror(err));
		return FALSE;
	}
	sv_info("removed the stale socket %s", path);
	return TRUE;
}

EmuServer *emu_server_new(const EmuServerOptions *opts, GError **error)
{
	g_autofree EmuServer *srv = g_new0(EmuServer, 1);
	g_autofree char *tmp_path = g_strdup_printf("%s.%d.tmp", opts->socket_path, (int)getpid());
	struct sockaddr_un sa;
	sigset_t mask;
	int err;

	srv->listen_fd = srv->sig_fd = srv->timer_fd = -1;
	if (!fill_addr(&sa, opts->socket_path, error) || !clear_path(opts->socket_path, error))
		return NULL;
	/* Bind and listen under a temporary name; emu_server_publish() renames it:
	 * the socket appears at its path only once the whole device is ready. */
	if (strlen(tmp_path) >= sizeof(sa.sun_path))
		g_snprintf(tmp_path, strlen(tmp_path) + 1, "%s", opts->socket_path);
	fill_addr(&sa, tmp_path, NULL);
	unlink(tmp_path);
	srv->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv->listen_fd < 0 || bind(srv->listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(srv->listen_fd, 8) < 0) {
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot listen on %s: %s", opts->socket_path, g_strerror(err));
		if (srv->listen_fd >= 0)
			close(srv->listen_fd);
		unlink(tmp_path);
		return NULL;
	}
	fcntl(srv->listen_fd, F_SETFL, fcntl(srv->listen_fd, F_GETFL) | O_NONBLOCK);

	/* Signals become events of the loop (the caller's thread must be the only one). */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	srv->sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	srv->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (srv->sig_fd < 0 || srv->timer_fd < 0) {
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "signalfd/timerfd: %s", g_strerror(err));
		if (srv->sig_fd >= 0)
			close(srv->sig_fd);
		if (srv->timer_fd >= 0)
			close(srv->timer_fd);
		close(srv->listen_fd);
		unlink(tmp_path);
		return NULL;
	}
	emu_dma_guard_init();
	srv->socket_path = g_strdup(opts->socket_path);
	srv->tmp_path = g_steal_pointer(&tmp_path);
	srv->once = opts->once;
	srv->bar_decode = !opts->no_bar_decode;
	srv->die_at = opts->die_at;
	srv->hang_at = opts->hang_at;
	srv->period_us = -1;
	srv->dma = g_array_new(FALSE, FALSE, sizeof(EmuDmaRegion));
	g_queue_init(&srv->queued);
	emu_irq_init(&srv->irq);
	return g_steal_pointer(&srv);
}

gboolean emu_server_publish(EmuServer *srv, GError **error)
{
	int err;

	if (!srv->tmp_path)
		return TRUE;
	if (strcmp(srv->tmp_path, srv->socket_path) && rename(srv->tmp_path, srv->socket_path) < 0) {
		err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
			    "cannot move the socket to %s: %s", srv->socket_path, g_strerror(err));
		return FALSE;
	}
	g_clear_pointer(&srv->tmp_path, g_free);
	return TRUE;
}

void emu_server_set_device(EmuServer *srv, EmuPci *pci, const EmuDeviceOps *ops, void *opaque)
{
	if (srv->pci)
		emu_pci_free(srv->pci);
	srv->pci = pci;
	srv->ops = ops;
	srv->dev = opaque;
}

EmuPci *emu_server_pci(EmuServer *srv)
{
	return srv->pci;
}

void emu_server_schedule(EmuServer *srv, int64_t period_us)
{
	struct itimerspec its = { 0 };

	if (period_us == srv->period_us)
		return;
	srv->period_us = period_us;
	if (period_us > 0) {
		its.it_interval.tv_sec = period_us / 1000000;
		its.it_interval.tv_nsec = (period_us % 1000000) * 1000;
		its.it_value = its.it_interval;
	}
	timerfd_settime(srv->timer_fd, 0, &its, NULL);
}

/* ---- the client ----------------------------------------------------------- */

static void drop_client(EmuServer *srv)
{
	VfuMsg *m;

	if (!srv->conn)
		return;
	while ((m = g_queue_pop_head(&srv->queued)))
		vfu_msg_free(m);
	emu_dma_unmap_all(srv);
	emu_irq_release(srv);
	vfu_wire_free(srv->conn);
	srv->conn = NULL;
	srv->conn_dead = FALSE;
	srv->negotiated = FALSE;
	sv_info("client %u disconnected; device state kept", srv->n_clients);
	if (srv->ops && srv->ops->client)
		srv->ops->client(srv->dev, FALSE);
	if (srv->once)
		srv->quit = TRUE;
}

static void accept_client(EmuServer *srv)
{
	int fd = accept4(srv->listen_fd, NULL, NULL, SOCK_CLOEXEC);

	if (fd < 0) {
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			sv_warn("accept: %s", g_strerror(errno));
		return;
	}
	emu_server_attach(srv, fd);
}

void emu_server_attach(EmuServer *srv, int fd)
{
	srv->conn = vfu_wire_new(fd, "the client", VFU_MAX_MSG_SIZE, VFU_WIRE_MAX_FDS);
	/* A small command in one recvmsg(); what is read ahead is served before
	 * the next poll() (emu_server_run()). */
	vfu_wire_set_read_ahead(srv->conn);
	srv->negotiated = FALSE;
	srv->n_clients++;
	sv_info("client %u connected", srv->n_clients);
	if (srv->ops && srv->ops->client)
		srv->ops->client(srv->dev, TRUE);
}

/* Send one message; FALSE when the client is gone or does not read its socket. */
static gboolean send_msg(EmuServer *srv, uint16_t id, uint16_t cmd, uint32_t flags,
			 uint32_t error_no, const void *p1, size_t l1, const void *p2, size_t l2)
{
	const struct iovec iov[2] = { { (void *)p1, l1 }, { (void *)p2, l2 } };
	g_autoptr(GError) err = NULL;

	if (vfu_wire_send(srv->conn, id, cmd, flags, error_no, iov, 2, NULL, 0,
			  sv_deadline_us(EMU_SEND_TIMEOUT_MS * 1000), &err))
		return TRUE;
	if (g_error_matches(err, SV_ERROR, SV_ERROR_TIMEOUT))
		sv_warn("client does not read its socket: giving up on it (%s)", err->message);
	else
		sv_debug("%s", err->message);
	return FALSE;
}

void emu_server_reply(EmuServer *srv, const VfuMsg *req, int err, const void *payload,
		      size_t len)
{
	uint32_t flags = VFU_F_TYPE_REPLY;

	if (!srv->conn || srv->conn_dead || (req->hdr.flags & VFU_F_NO_REPLY))
		return;
	if (err) {
		flags |= VFU_F_ERROR;
		payload = NULL;
		len = 0; /* an error reply is the header only */
	}
	if (!send_msg(srv, req->hdr.msg_id, req->hdr.cmd, flags, err, payload, len, NULL, 0))
		srv->conn_dead = TRUE;
}

/* A message came in on the main loop. */
static void handle(EmuServer *srv, VfuMsg *msg)
{
	if ((msg->hdr.flags & VFU_F_TYPE_MASK) == VFU_F_TYPE_REPLY) {
		/* A late answer to a DMA request we already gave up on. */
		sv_debug("dropping a stray reply (id %u, %s)", msg->hdr.msg_id,
			 vfu_cmd_name(msg->hdr.cmd));
		return;
	}
	emu_dispatch(srv, msg);
}

/* Execute the commands that arrived while we waited for a DMA answer. */
static void drain_queue(EmuServer *srv)
{
	VfuMsg *msg;

	while (srv->conn && !srv->conn_dead && (msg = g_queue_pop_head(&srv->queued))) {
		handle(srv, msg);
		vfu_msg_free(msg);
	}
}

/* Read and execute what the client sent; mark it dead when it left. */
static void serve_client(EmuServer *srv)
{
	for (;;) {
		g_autoptr(GError) err = NULL;
		VfuMsg *msg;

		switch (vfu_wire_recv(srv->conn, 0, &msg, &err)) {
		case VFU_WIRE_MSG:
			handle(srv, msg);
			vfu_msg_free(msg);
			/* Commands queued during a DMA wait go before newer ones. */
			drain_queue(srv);
			if (srv->conn_dead)
				return;
			continue;
		case VFU_WIRE_AGAIN:
			return;
		case VFU_WIRE_BAD:
			sv_warn("%s: closing the connection", err->message);
			emu_server_reply(srv, msg, msg->hdr.msg_size < sizeof(struct vfu_header) ?
					 EINVAL : E2BIG, NULL, 0);
			vfu_msg_free(msg);
			srv->conn_dead = TRUE;
			return;
		case VFU_WIRE_CLOSED:
		case VFU_WIRE_ERROR:
			if (vfu_wire_closed_mid_message(srv->conn))
				sv_info("%s", err->message);
			else
				sv_debug("%s", err->message);
			srv->conn_dead = TRUE;
			return;
		}
	}
}

VfuMsg *emu_server_request(EmuServer *srv, uint16_t cmd, const void *p1, size_t l1,
			   const void *p2, size_t l2)
{
	int64_t deadline = sv_deadline_us((int64_t)EMU_DMA_TIMEOUT_MS * 1000);
	uint16_t id;

	if (!srv->conn || srv->conn_dead || !srv->negotiated)
		return NULL;
	id = vfu_wire_next_id(srv->conn);
	if (!send_msg(srv, id, cmd, VFU_F_TYPE_COMMAND, 0, p1, l1, p2, l2)) {
		srv->conn_dead = TRUE;
		return NULL;
	}
	for (;;) {
		g_autoptr(GError) err = NULL;
		VfuMsg *msg;

		switch (vfu_wire_recv(srv->conn, deadline, &msg, &err)) {
		case VFU_WIRE_MSG:
			if (vfu_msg_type(&msg->hdr) == VFU_F_TYPE_REPLY && msg->hdr.msg_id == id &&
			    msg->hdr.cmd == cmd)
				return msg;
			if (vfu_msg_type(&msg->hdr) == VFU_F_TYPE_COMMAND &&
			    g_queue_get_length(&srv->queued) < EMU_MAX_QUEUED) {
				g_queue_push_tail(&srv->queued, msg);
				continue;
			}
			sv_warn("dropping %s (id %u) received while waiting for %s",
				vfu_cmd_name(msg->hdr.cmd), msg->hdr.msg_id, vfu_cmd_name(cmd));
			if (vfu_msg_type(&msg->hdr) == VFU_F_TYPE_COMMAND)
				emu_server_reply(srv, msg, EBUSY, NULL, 0);
			vfu_msg_free(msg);
			continue;
		case VFU_WIRE_BAD:
			vfu_msg_free(msg);
			/* fall through */
		case VFU_WIRE_CLOSED:
		case VFU_WIRE_ERROR:
			sv_debug("waiting for the reply to %s: %s", vfu_cmd_name(cmd), err->message);
			srv->conn_dead = TRUE;
			return NULL;
		case VFU_WIRE_AGAIN:
			sv_warn("client did not answer %s (id %u) within %d ms", vfu_cmd_name(cmd), id,
				EMU_DMA_TIMEOUT_MS);
			return NULL;
		}
	}
}

/* ---- the loop ---------------------------------------------------------------- */

void emu_server_serve(EmuServer *srv, gboolean readable)
{
	if (readable && srv->conn && !srv->conn_dead)
		serve_client(srv);
	drain_queue(srv);
	if (srv->conn && srv->conn_dead)
		drop_client(srv);
}

static void handle_signal(EmuServer *srv)
{
	struct signalfd_siginfo si;

	while (read(srv->sig_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1) {
			sv_info("SIGUSR1: passing an external event to the device");
			if (srv->ops && srv->ops->event)
				srv->ops->event(srv->dev);
		} else {
			sv_info("%s: shutting down", strsignal(si.ssi_signo));
			srv->quit = TRUE;
		}
	}
}

gboolean emu_server_run(EmuServer *srv, GError **error)
{
	g_return_val_if_fail(srv->ops, FALSE);
	if (!emu_server_publish(srv, error))
		return FALSE;
	while (!srv->quit) {
		struct pollfd pfd[5];
		unsigned n = 0, i_listen = 99, i_conn = 99, i_unmask = 99;
		gboolean buffered = srv->conn && vfu_wire_buffered(srv->conn);
		int timeout = srv->period_us == 0 || !g_queue_is_empty(&srv->queued) || buffered ?
			      0 : -1;
		int ret;

		pfd[n++] = (struct pollfd){ .fd = srv->sig_fd, .events = POLLIN };
		pfd[n++] = (struct pollfd){ .fd = srv->timer_fd, .events = POLLIN };
		if (srv->conn) {
			i_conn = n;
			pfd[n++] = (struct pollfd){ .fd = vfu_wire_fd(srv->conn), .events = POLLIN };
		} else {
			i_listen = n;
			pfd[n++] = (struct pollfd){ .fd = srv->listen_fd, .events = POLLIN };
		}
		if (srv->irq.unmask_fd >= 0) {
			i_unmask = n;
			pfd[n++] = (struct pollfd){ .fd = srv->irq.unmask_fd, .events = POLLIN };
		}
		ret = sv_poll_until(pfd, n, timeout ? SV_NO_DEADLINE : 0);
		if (ret < 0) {
			int err = errno;

			g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "poll: %s",
				    g_strerror(err));
			drop_client(srv);
			return FALSE;
		}
		if (pfd[0].revents)
			handle_signal(srv);
		if (pfd[1].revents) {
			uint64_t expirations;

			if (read(srv->timer_fd, &expirations, sizeof(expirations)) > 0)
				srv->ops->tick(srv->dev, sv_now_us());
		} else if (srv->period_us == 0) {
			srv->ops->tick(srv->dev, sv_now_us());
		}
		if (i_unmask < n && pfd[i_unmask].revents)
			emu_irq_unmask_event(srv);
		if (i_listen < n && pfd[i_listen].revents)
			accept_client(srv);
		else
			emu_server_serve(srv, (i_conn < n && pfd[i_conn].revents) || buffered);
	}
	drop_client(srv);
	return TRUE;
}

void emu_server_free(EmuServer *srv)
{
	if (!srv)
		return;
	drop_client(srv);
	emu_server_schedule(srv, -1);
	close(srv->listen_fd);
	close(srv->sig_fd);
	close(srv->timer_fd);
	unlink(srv->tmp_path ? srv->tmp_path : srv->socket_path);
	g_free(srv->tmp_path);
	g_free(srv->socket_path);
	g_array_free(srv->dma, TRUE);
	emu_pci_free(srv->pci);
	g_free(srv);
}
