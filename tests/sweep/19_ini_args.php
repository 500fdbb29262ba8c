<?php
// ARGS: -d default_socket_timeout=1 -d auto_detect_line_endings=0
// default context + ini from the command line
require __DIR__ . '/common.inc';
stream_context_set_default(['socket' => ['backlog' => 1, 'tcp_nodelay' => true]]);
$s = stream_socket_server('tcp://127.0.0.1:0');
show('server', $s !== false);
$c = stream_socket_client('tcp://' . stream_socket_get_name($s, false));
$t = microtime(true);
$a = stream_socket_accept($s);
show('accepted', is_resource($a));
$t = microtime(true);
show('read', fread($a, 10));
$d = microtime(true) - $t;
show('~1s', $d > 0.8 && $d < 1.6);
show('meta', stream_get_meta_data($a));
$sock = socket_import_stream($a);
show('nodelay', socket_get_option($sock, SOL_TCP, TCP_NODELAY) > 0);
$t = microtime(true);
show('accept none', stream_socket_accept($s));
$d = microtime(true) - $t;
show('~1s', $d > 0.8 && $d < 1.6);
h('named args and reflection');
$s2 = stream_socket_server(address: 'tcp://127.0.0.1:0', flags: STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, error_code: $e1);
show('named', $s2 !== false, $e1);
try { stream_socket_server(addr: 'x'); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { stream_socket_server(); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { stream_socket_server([]); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { stream_socket_server('tcp://127.0.0.1:0', $x, $y, 'abc'); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { stream_socket_server('tcp://127.0.0.1:0', $x, $y, 12, 'ctx'); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { stream_socket_server('tcp://127.0.0.1:0', $x, $y, 12, fopen('php://memory', 'r')); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
try { $r = []; stream_select($r); } catch (Throwable $t) { echo get_class($t), ': ', $t->getMessage(), "\n"; }
$rf = new ReflectionFunction('stream_socket_server');
echo $rf;
$rf = new ReflectionFunction('stream_select');
echo $rf;
show('by ref', array_map(fn ($p) => $p->isPassedByReference(), $rf->getParameters()));
