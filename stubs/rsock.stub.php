<?php

/**
 * rsock — a Rust socket core for PHP's stream_socket_server().
 *
 * This file documents the extension's functions and ini settings for IDEs and
 * readers. It is never loaded by PHP (the extension registers the functions
 * itself); `make test` checks it with `php -l`.
 *
 * ini settings
 * ------------
 *
 * rsock.replace_builtins  bool, default "1", PHP_INI_SYSTEM (php.ini / -d only)
 *     When on, the extension replaces the handlers of the built-ins
 *     \stream_socket_server() and \stream_select() at startup (MINIT) with rsock's, keeping PHP's own
 *     arginfo, so reflection and named arguments are unchanged; the original
 *     handler is restored at shutdown. A transport rsock does not serve (one a
 *     user registered, say) is passed on to the original built-in, so enabling
 *     rsock never breaks a working script. When off, only \Rsock\stream_socket_server() and
 *     \Rsock\stream_select() use rsock.
 *
 * rsock.default_backlog  int, default "-1"
 *     The listen() backlog used when the stream context sets no socket.backlog.
 *     -1 means the system's maximum, read from /proc/sys/net/core/somaxconn
 *     (511 if that file cannot be read). A context's socket.backlog option
 *     always wins. (Native PHP uses a fixed backlog of 32.)
 *
 * phpinfo() shows a section "rsock" with the version, the PHP it was built for
 * ("Built for => PHP 8.2.36 (API 20220829, NTS)", plus ", debug" for a debug
 * build), whether the built-in is replaced, the effective default backlog and
 * the transports rsock serves.
 *
 * Builds: rsock is built for one PHP, the one `php-config` names (PHP 8.1 or
 * newer; NTS or ZTS; release or debug). A build loaded into another PHP is
 * refused by PHP itself at startup ("Module compiled with module API=...").
 */

namespace Rsock;

/**
 * Creates a server socket served by rsock's Rust socket core.
 *
 * Same signature and semantics as the built-in \stream_socket_server(); with
 * rsock.replace_builtins=1 the built-in itself behaves exactly like this function.
 *
 * Transports: tcp:// (the default when no scheme is given), udp://, unix://, udg://,
 * and TLS: ssl://, tls:// (TLS 1.2 and 1.3 unless the context's ssl.crypto_method
 * or security_level 0 says otherwise), tlsv1.0://, tlsv1.1://, tlsv1.2://, tlsv1.3:// (that version
 * only). A TLS server shakes hands inside stream_socket_accept(), bounded by the
 * server stream's read timeout; stream_socket_enable_crypto() with a
 * STREAM_CRYPTO_METHOD_*_SERVER method works on connections accepted from a
 * tcp:// server (blocking or non-blocking). Context options "ssl": local_cert,
 * local_pk, passphrase, cafile, capath, verify_peer, verify_depth,
 * allow_self_signed, ciphers, ciphersuites, crypto_method, security_level,
 * honor_cipher_order, single_dh_use, disable_compression, no_ticket,
 * min_proto_version, max_proto_version, SNI_enabled, SNI_server_certs,
 * alpn_protocols, capture_peer_cert, capture_peer_cert_chain, dh_param,
 * ecdh_curve, reneg_limit, reneg_window, reneg_limit_callback (README.md, TLS).
 * Addresses: "host:port" (split on the first colon), "[ipv6]:port", hostnames
 * (resolved; the first address that binds wins), port 0 for an ephemeral port
 * (read it back with stream_socket_get_name()), unix/udg paths and Linux
 * abstract names. SO_REUSEADDR is set unless socket.so_reuseaddr is falsy.
 * Context options honoured (context "socket"): backlog, so_reuseport,
 * ipv6_v6only, so_broadcast (udp), tcp_nodelay (applied to each accepted
 * connection), and PHP 8.6's so_reuseaddr (tcp, udp), so_keepalive,
 * tcp_keepidle, tcp_keepintvl, tcp_keepcnt (tcp; set on the listener,
 * inherited by each accepted connection; values the kernel refuses are
 * ignored, as in PHP 8.6).
 *
 * Deploying options (README.md, Deploying). Context key "rsock" holds rsock's
 * own options; native PHP ignores that key, so a script setting them still runs
 * there, without the feature:
 * - mode (int, 0 to 07777; unix/udg only): the socket file's mode, set before
 *   any client can connect, whatever the umask.
 * - owner (user name or uid; unix/udg only): the socket file's owner.
 * - group (group name or gid; unix/udg only): the socket file's group.
 * - unlink_stale (bool; unix/udg only): before binding, remove a socket file
 *   no socket is bound to any more (never a regular file, a symlink or a live
 *   socket).
 *   These four are refused on other transports, when chmod()/chown()/chgrp()/
 *   unlink() is disabled, and on a path outside open_basedir.
 * - rsock.tcp_user_timeout (int, ms, >= 0): TCP_USER_TIMEOUT, tcp listener,
 *   inherited by accepted connections.
 * - rsock.tcp_defer_accept (int, seconds, >= 0): TCP_DEFER_ACCEPT on the tcp
 *   listener (a connection is accepted once it has sent data).
 * - rsock.tcp_fastopen (int, queue length, >= 0): TCP_FASTOPEN on the tcp
 *   listener.
 * - rsock.so_rcvbuf, rsock.so_sndbuf (int, bytes, >= 1): SO_RCVBUF/SO_SNDBUF
 *   before listen, every transport; accepted connections get them too.
 *   A value out of range fails with `invalid rsock option NAME: VALUE
 *   (expected ...)`.
 * - "systemd://", "systemd://NAME", "fd://N" (addresses, rsock-only; CLI SAPI
 *   only): adopt a socket passed by systemd (LISTEN_PID/LISTEN_FDS/LISTEN_FDNAMES;
 *   the first one, or the first named NAME no stream owns yet) or descriptor N.
 *   The transport (tcp, udp, unix, udg) is read from the socket; a tcp socket with
 *   ssl.local_cert or ssl.SNI_server_certs in the context serves TLS as tls://.
 *   $flags is ignored. Refused: not open, not a socket, not listening (stream) or
 *   not bound (datagram), another family/type, a descriptor a stream owns.
 *   The stream owns the descriptor (fclose() closes it; made close-on-exec).
 * - proxy_protocol (bool, default false): every connection starts with a PROXY
 *   protocol v1/v2 header (tcp, unix and TLS servers); $peer and
 *   stream_socket_get_name($c, true) give the client from it,
 *   stream_get_meta_data($c)['proxy'] the rest. Read by a background thread:
 *   stream_select() sees the server readable only for complete connections.
 * - proxy_from (string|string[], default loopback): addresses and CIDRs allowed
 *   to send a header; other sources are dropped with a warning.
 * - proxy_timeout (float seconds, default 5): time to send the complete
 *   header, then the connection is dropped with a warning.
 *
 * The returned stream is a real PHP stream with the native labels
 * (stream_get_meta_data()['stream_type']: "tcp_socket/ssl", "udp_socket",
 * "unix_socket", "udg_socket"): stream_socket_accept(), fread(), fwrite(),
 * stream_select(), stream_set_blocking(), stream_set_timeout(),
 * stream_socket_get_name(), stream_socket_recvfrom()/sendto(),
 * stream_socket_shutdown(), socket_import_stream() and the rest work on it
 * and on the connections it accepts unchanged.
 *
 * On failure it returns false, sets $error_code and $error_message and raises
 * the warning `stream_socket_server(): Unable to connect to ADDRESS (MESSAGE)`,
 * as the built-in does.
 *
 * Differences from the native built-in (deliberate, see README.md):
 * - $error_code is the real errno for OS failures (e.g. 98 for EADDRINUSE);
 *   native leaves 0 for every bind/listen failure.
 * - $error_message is the OS reason for unix/udg/udp failures (e.g.
 *   "No such file or directory"); native says "Unknown error".
 * - Ports are validated: "HOST:abc", "HOST:70000" and "HOST:-5" fail with
 *   `Invalid port in address "HOST:abc" (expected a number from 0 to 65535)`;
 *   native silently maps them to 0, 4464 and 65531.
 * - The default backlog is rsock.default_backlog (default: the system's
 *   somaxconn) instead of 32; the context's socket.backlog wins in both.
 * - stream_socket_accept() reports an unnamed unix peer as "" (native: whatever
 *   bytes happened to be in memory).
 * - A TLS server's certificate, key and option errors (missing file, wrong
 *   passphrase, mismatched key, bad ciphers...) make stream_socket_server()
 *   return false with a warning naming the file and the reason; native PHP
 *   creates the server and fails every accept instead.
 * - ciphersuites (TLS 1.3) is honoured (PHP 8.2 ignores it), and every ssl
 *   option also applies to certificates chosen by SNI_server_certs (PHP 8.2
 *   loses ALPN and cafile there, bug 80770).
 *
 * @param string $address Transport and address, e.g. "tcp://127.0.0.1:8000",
 *     "udp://[::1]:9000", "unix:///run/app.sock", "127.0.0.1:0".
 * @param int|null $error_code Set to 0 first, then to the errno on failure (by reference).
 * @param string|null $error_message Set to "" first, then to the reason on failure (by reference).
 * @param int $flags STREAM_SERVER_BIND and/or STREAM_SERVER_LISTEN; LISTEN only
 *     counts together with BIND, 0 gives an unbound stream, udp:// and udg://
 *     need STREAM_SERVER_BIND alone.
 * @param resource|null $context A stream context (stream_context_create());
 *     null means the default context (stream_context_set_default()).
 * @return resource|false The server stream, or false on failure.
 */
function stream_socket_server(
    string $address,
    &$error_code = null,
    &$error_message = null,
    int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    $context = null
) {}

/**
 * Hands server streams to the program the calling process is about to run with
 * pcntl_exec() (the restart recipe, README.md "Socket activation and restarts
 * without dropping connections"; examples/restart_server.php).
 *
 * Call it in a forked child right before pcntl_exec(): the servers' sockets are
 * copied to descriptors 3, 4, ... in array order (whatever those descriptors
 * were is replaced), with close-on-exec cleared on those copies only; the given
 * streams stay open and unchanged. The new program adopts them with
 * stream_socket_server('systemd://NAME') (or 'systemd://', 'fd://3').
 *
 * @param array<string|int, resource> $servers Open rsock server streams (listeners or
 *     bound datagram servers), keyed by
 *     name (1 to 255 printable ASCII characters, no ":"; integer keys give the
 *     name "unknown"). A ValueError for an empty array, a bad name or another
 *     value.
 * @return array<string, string>|false The variables to add to the new program's
 *     environment: LISTEN_FDS (the count), LISTEN_PID (this pid, which exec
 *     keeps), LISTEN_FDNAMES (the names, colon-separated), e.g.
 *     pcntl_exec(PHP_BINARY, $args, Rsock\pass_listeners(['web' => $s]) + getenv()).
 *     false with a warning if a descriptor could not be copied, or outside
 *     command-line PHP (the CLI SAPI).
 */
function pass_listeners(array $servers): array|false {}

/**
 * Waits until streams are ready: the built-in \stream_select() without its
 * descriptor ceiling.
 *
 * Same signature, errors and results as the built-in (with
 * rsock.replace_builtins=1 the built-in itself behaves exactly like this
 * function): the arrays are rebuilt with the ready streams only, keys kept;
 * streams with unread data in PHP's read buffer are returned at once (and the
 * other arrays emptied); null seconds waits forever; out-of-band data shows
 * in $except; a signal makes it warn `Unable to select [4]: Interrupted system
 * call (max_fd=N)` and return false. Any stream PHP can select on works:
 * rsock's, PHP's own sockets, pipes, proc_open() pipes, files, STDIN.
 *
 * Difference from the native built-in (deliberate, see README.md): descriptors
 * numbered 1024 and higher work (native warns "You MUST recompile PHP with a
 * larger value of FD_SETSIZE" and returns false), and the cost of a call
 * follows the arrays passed, not the highest descriptor number.
 *
 * @param array<resource>|null $read Streams to watch for reading (by reference).
 * @param array<resource>|null $write Streams to watch for writing (by reference).
 * @param array<resource>|null $except Streams to watch for out-of-band data (by reference).
 * @param int|null $seconds Seconds to wait; null waits forever.
 * @param int|null $microseconds Microseconds added to $seconds.
 * @return int|false The number of ready streams (a stream ready in two arrays
 *     counts twice), or false on error.
 */
function stream_select(
    ?array &$read,
    ?array &$write,
    ?array &$except,
    ?int $seconds,
    ?int $microseconds = null
): int|false {}
