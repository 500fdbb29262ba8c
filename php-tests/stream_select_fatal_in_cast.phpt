--TEST--
stream_select(): a fatal error raised by PHP code inside the call (a user stream's stream_cast running out of memory) ends the script as PHP's fatal error; shutdown functions and a second script part select normally afterwards
--FILE--
<?php
class Fatal {
    public $context;
    function stream_open($path, $mode, $options, &$opened) { return true; }
    function stream_cast($as) {
        // A real fatal error (E_USER_ERROR is deprecated from PHP 8.4 on).
        ini_set('memory_limit', '4M');
        $this->context = str_repeat('x', 8 << 20);
        return false;
    }
}
stream_wrapper_register('fatal', 'Fatal');
[$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
fwrite($b, "x");
register_shutdown_function(function () use ($a) {
    for ($i = 0; $i < 3; $i++) {
        $r = [$a];
        $w = $e = null;
        echo "shutdown: ", stream_select($r, $w, $e, 1), "\n";
    }
});
$read = [$a, fopen('fatal://x', 'r')];
$w = $e = null;
stream_select($read, $w, $e, 1);
echo "not reached\n";
?>
--EXPECTF--
Fatal error: Allowed memory size of 4194304 bytes exhausted %s in %s on line %d
shutdown: 1
shutdown: 1
shutdown: 1
