--TEST--
rsock: phpinfo() has an rsock section
--SKIPIF--
<?php if (!extension_loaded('rsock')) die('skip rsock-only behaviour (documented improvement)'); ?>
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nrsock\n\n");
var_dump($start !== false);
// Only the rsock section: up to the next module header.
$section = preg_split('/\n\n(?=\S+\n\n)/', substr($info, $start + 1))[0];
// The version and the effective default backlog are shown.
var_dump(str_contains($section, ' => ' . phpversion('rsock')));
var_dump((bool) preg_match('/^.*backlog.* => ' . (int) file_get_contents('/proc/sys/net/core/somaxconn') . '$/mi', $section));
var_dump((bool) preg_match('/^.*replace.* => /mi', $section));
// Which PHP it was built for: this one (a build for another is refused at load).
ob_start();
phpinfo(INFO_GENERAL);
preg_match('/^PHP API => (\d+)$/m', ob_get_clean(), $api);
$built = sprintf('Built for => PHP %s (API %s, %s%s)', PHP_VERSION, $api[1] ?? '?',
    PHP_ZTS ? 'ZTS' : 'NTS', PHP_DEBUG ? ', debug' : '');
var_dump(str_contains($section, $built) ?: $section);
echo $section, "\n";
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
rsock

%Arsock support => enabled
%Atcp, udp, unix, udg, ssl, tls, tlsv1.0, tlsv1.1, tlsv1.2, tlsv1.3, systemd, fd%A
