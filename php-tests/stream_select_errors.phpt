--TEST--
stream_select(): argument errors, invalid elements, named arguments and reflection
--FILE--
<?php
function chain(Throwable $e) {
    $out = [];
    for (; $e; $e = $e->getPrevious()) $out[] = get_class($e) . ': ' . $e->getMessage();
    return implode("\n  previous ", $out);
}
function t($label, callable $f) {
    echo "-- $label\n";
    try { var_dump($f()); } catch (Throwable $e) { echo chain($e), "\n"; }
}
$server = stream_socket_server('tcp://127.0.0.1:0');
$addr = 'tcp://' . stream_socket_get_name($server, false);
$client = stream_socket_client($addr, $e, $s, 2);
$conn = stream_socket_accept($server, 2);

t('all null', function () { $r = $w = $x = null; return stream_select($r, $w, $x, 0); });
t('empty arrays', function () { $r = $w = $x = []; return stream_select($r, $w, $x, 0); });
t('empty arrays, negative seconds', function () { $r = []; $w = $x = null; return stream_select($r, $w, $x, -1); });
t('only php://memory', function () {
    $m = fopen('php://memory', 'r+');
    $r = [$m]; $w = [$m]; $x = null;
    return stream_select($r, $w, $x, 0);
});
t('php://memory next to a socket', function () use ($conn) {
    $m = fopen('php://memory', 'r+');
    $r = ['m' => $m, 'c' => $conn]; $w = ['m' => $m, 'c' => $conn]; $x = null;
    return [stream_select($r, $w, $x, 0), array_keys($r), array_keys($w)];
});
t('negative seconds', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, -1); });
t('negative microseconds', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0, -1); });
t('null seconds, microseconds 5', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, null, 5); });
t('null seconds, microseconds -1', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, null, -1); });
t('null seconds, microseconds 0', function () use ($conn) {
    // Waits forever, but the stream is writable.
    $r = null; $w = [$conn]; $x = null;
    return [stream_select($r, $w, $x, null, 0), count($w)];
});
t('microseconds null', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0, null); });
t('read is an int', function () { $r = 1; $w = $x = null; return stream_select($r, $w, $x, 0); });
t('read is an object', function () { $r = new stdClass; $w = $x = null; return stream_select($r, $w, $x, 0); });
t('write is a string', function () use ($conn) { $r = [$conn]; $w = 'x'; $x = null; return stream_select($r, $w, $x, 0); });
t('except is a float', function () use ($conn) { $r = [$conn]; $w = null; $x = 1.5; return stream_select($r, $w, $x, 0); });
t('seconds "x"', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, "x"); });
t('seconds "0"', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, "0"); });
t('seconds 0.5', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0.5); });
t('microseconds []', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0, []); });
t('no arguments', function () { return stream_select(); });
t('three arguments', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x); });
t('six arguments', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0, 0, 1); });
t('literal array', function () use ($conn) { return stream_select([$conn], $w, $x, 0); });
t('int element', function () use ($conn) { $r = [1, 'x' => $conn]; $w = $x = null; return stream_select($r, $w, $x, 0); });
t('int element in write', function () use ($conn) { $r = null; $w = [1, 'x' => $conn]; $x = null; return stream_select($r, $w, $x, 0); });
t('closed stream alone', function () use ($addr) {
    $c = stream_socket_client($addr, $e, $s, 2);
    fclose($c);
    $r = [$c]; $w = $x = null;
    return stream_select($r, $w, $x, 0);
});
t('closed stream and a live one', function () use ($addr, $conn) {
    $c = stream_socket_client($addr, $e, $s, 2);
    fclose($c);
    $r = [$c, $conn]; $w = $x = null;
    return stream_select($r, $w, $x, 0);
});
t('closed stream in write', function () use ($addr, $conn) {
    $c = stream_socket_client($addr, $e, $s, 2);
    fclose($c);
    $r = [$conn]; $w = [$c]; $x = null;
    return stream_select($r, $w, $x, 0);
});
t('non-stream resource', function () use ($conn) {
    $ctx = stream_context_create();
    $r = [$ctx, $conn]; $w = $x = null;
    return stream_select($r, $w, $x, 0);
});
t('named arguments', function () use ($conn) {
    $r = [$conn]; $w = [$conn]; $x = null;
    return [stream_select(read: $r, write: $w, except: $x, seconds: 0, microseconds: 1000), count($r), count($w)];
});
t('named arguments, reordered', function () use ($conn) {
    $r = null; $w = [$conn]; $x = null;
    return [stream_select(seconds: 1, except: $x, write: $w, read: $r), count($w)];
});
t('named arguments, seconds missing', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select(read: $r, write: $w, except: $x, microseconds: 1000); });
t('unknown named argument', function () use ($conn) { $r = [$conn]; $w = $x = null; return stream_select($r, $w, $x, 0, foo: 1); });
t('dynamic call', function () use ($conn) { $f = 'stream_select'; $r = null; $w = [$conn]; $x = null; return $f($r, $w, $x, 0); });
t('call_user_func_array', function () use ($conn) {
    $r = [$conn]; $w = [$conn]; $x = null;
    $n = call_user_func_array('stream_select', [&$r, &$w, &$x, 0]);
    return [$n, count($r), count($w)];
});

echo new ReflectionFunction('stream_select');
$rf = new ReflectionFunction('stream_select');
var_dump($rf->getNumberOfParameters(), $rf->getNumberOfRequiredParameters(), (string) $rf->getReturnType(), $rf->getExtensionName());
foreach ($rf->getParameters() as $p) {
    printf("%s by-ref=%s type=%s optional=%s default=%s\n", $p->getName(), var_export($p->isPassedByReference(), true),
        $p->getType(), var_export($p->isOptional(), true), $p->isDefaultValueAvailable() ? var_export($p->getDefaultValue(), true) : '-');
}
?>
--EXPECTF--
-- all null
ValueError: No stream arrays were passed
-- empty arrays
ValueError: No stream arrays were passed
-- empty arrays, negative seconds
ValueError: No stream arrays were passed
-- only php://memory

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d
ValueError: No stream arrays were passed
-- php://memory next to a socket

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d

Warning: stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor in %s on line %d
array(3) {
  [0]=>
  int(1)
  [1]=>
  array(0) {
  }
  [2]=>
  array(1) {
    [0]=>
    string(1) "c"
  }
}
-- negative seconds
ValueError: stream_select(): Argument #4 ($seconds) must be greater than or equal to 0
-- negative microseconds
ValueError: stream_select(): Argument #5 ($microseconds) must be greater than or equal to 0
-- null seconds, microseconds 5
ValueError: stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null
-- null seconds, microseconds -1
ValueError: stream_select(): Argument #5 ($microseconds) must be null when argument #4 ($seconds) is null
-- null seconds, microseconds 0
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(1)
}
-- microseconds null
int(0)
-- read is an int
TypeError: stream_select(): Argument #1 ($read) must be of type ?array, int given
-- read is an object
TypeError: stream_select(): Argument #1 ($read) must be of type ?array, stdClass given
-- write is a string
TypeError: stream_select(): Argument #2 ($write) must be of type ?array, string given
-- except is a float
TypeError: stream_select(): Argument #3 ($except) must be of type ?array, float given
-- seconds "x"
TypeError: stream_select(): Argument #4 ($seconds) must be of type ?int, string given
-- seconds "0"
int(0)
-- seconds 0.5

Deprecated: Implicit conversion from float 0.5 to int loses precision in %s on line %d
int(0)
-- microseconds []
TypeError: stream_select(): Argument #5 ($microseconds) must be of type ?int, array given
-- no arguments
ArgumentCountError: stream_select() expects at least 4 arguments, 0 given
-- three arguments
ArgumentCountError: stream_select() expects at least 4 arguments, 3 given
-- six arguments
ArgumentCountError: stream_select() expects at most 5 arguments, 6 given
-- literal array
Error: stream_select(): Argument #1 ($read) %s be passed by reference
-- int element
TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
-- int element in write
TypeError: stream_select(): supplied argument is not a valid stream resource
  previous TypeError: stream_select(): supplied argument is not a valid stream resource
-- closed stream alone
ValueError: No stream arrays were passed
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
-- closed stream and a live one
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
-- closed stream in write
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
-- non-stream resource
TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
  previous TypeError: stream_select(): supplied resource is not a valid stream resource
-- named arguments
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(0)
  [2]=>
  int(1)
}
-- named arguments, reordered
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(1)
}
-- named arguments, seconds missing
ArgumentCountError: stream_select(): Argument #4 ($seconds) not passed
-- unknown named argument
Error: Unknown named parameter $foo
-- dynamic call
int(1)
-- call_user_func_array
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(0)
  [2]=>
  int(1)
}
Function [ <internal:standard> function stream_select ] {

  - Parameters [5] {
    Parameter #0 [ <required> ?array &$read ]
    Parameter #1 [ <required> ?array &$write ]
    Parameter #2 [ <required> ?array &$except ]
    Parameter #3 [ <required> ?int $seconds ]
    Parameter #4 [ <optional> ?int $microseconds = null ]
  }
  - Return [ int|false ]
}
int(5)
int(4)
string(9) "int|false"
string(8) "standard"
read by-ref=true type=?array optional=false default=-
write by-ref=true type=?array optional=false default=-
except by-ref=true type=?array optional=false default=-
seconds by-ref=false type=?int optional=false default=-
microseconds by-ref=false type=?int optional=true default=NULL
