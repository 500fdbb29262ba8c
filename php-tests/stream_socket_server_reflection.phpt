--TEST--
stream_socket_server(): reflection shows the native signature
--FILE--
<?php
$rf = new ReflectionFunction('stream_socket_server');
var_dump($rf->isInternal(), $rf->getNumberOfParameters(), $rf->getNumberOfRequiredParameters());
var_dump($rf->returnsReference(), $rf->hasReturnType(), $rf->isVariadic());
foreach ($rf->getParameters() as $p) {
    echo trim((string) $p), "\n";
    printf("  name=%s position=%d byref=%s optional=%s type=%s",
        $p->getName(), $p->getPosition(),
        var_export($p->isPassedByReference(), true),
        var_export($p->isOptional(), true),
        $p->hasType() ? (string) $p->getType() : '(none)');
    if ($p->isDefaultValueAvailable()) {
        echo " default=", var_export($p->getDefaultValue(), true);
    }
    echo "\n";
}
?>
--EXPECT--
bool(true)
int(5)
int(1)
bool(false)
bool(false)
bool(false)
Parameter #0 [ <required> string $address ]
  name=address position=0 byref=false optional=false type=string
Parameter #1 [ <optional> &$error_code = null ]
  name=error_code position=1 byref=true optional=true type=(none) default=NULL
Parameter #2 [ <optional> &$error_message = null ]
  name=error_message position=2 byref=true optional=true type=(none) default=NULL
Parameter #3 [ <optional> int $flags = STREAM_SERVER_BIND | STREAM_SERVER_LISTEN ]
  name=flags position=3 byref=false optional=true type=int default=12
Parameter #4 [ <optional> $context = null ]
  name=context position=4 byref=false optional=true type=(none) default=NULL
