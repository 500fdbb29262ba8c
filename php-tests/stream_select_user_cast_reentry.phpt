--TEST--
stream_select(): a user stream's stream_cast that closes a socket stream later in the same array: no crash, PHP's errors
--FILE--
<?php
class Wrapper {
    public $context;
    public static $victim;
    private $inner;
    function stream_open($path, $mode, $options, &$opened) {
        $this->inner = fopen('php://memory', 'r+');
        return true;
    }
    function stream_cast($as) {
        if (self::$victim) {
            fclose(self::$victim);
            self::$victim = null;
        }
        return false;
    }
}
stream_wrapper_register('evil', 'Wrapper');
$server = stream_socket_server('tcp://127.0.0.1:0');
$client = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
$conn = stream_socket_accept($server);
fwrite($client, "data");
$victim = stream_socket_client('tcp://' . stream_socket_get_name($server, false));
Wrapper::$victim = $victim;
$user = fopen('evil://x', 'r');
$read = ['user' => $user, 'victim' => $victim, 'conn' => $conn];
$w = $e = null;
try {
    var_dump(stream_select($read, $w, $e, 1));
} catch (Throwable $t) {
    echo get_class($t), ': ', $t->getMessage(), "\n";
}
var_dump(is_array($read));
echo "done\n";
?>
--EXPECTF--
Warning: stream_select(): Cannot represent a stream of type user-space as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type user-space as a select()able descriptor in %s on line %d
TypeError: stream_select(): supplied resource is not a valid stream resource
bool(true)
done
