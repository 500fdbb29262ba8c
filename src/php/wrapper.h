/* Headers bindgen reads to describe PHP's stream and transport API to Rust. */
#include "php.h"
#include "php_network.h"
#include "php_streams.h"
#include "ext/standard/file.h"
#include "ext/standard/info.h"
#include "zend_exceptions.h"
