dnl rsock for phpize (and so PIE, docker-php-ext-install, PECL-style builds):
dnl   phpize && ./configure [--with-php-config=PATH] && make && make install
dnl The extension is Rust: configure finds cargo, `make` runs `cargo build
dnl --release` for the PHP that php-config names, and `make install` copies
dnl the result into that PHP's extension_dir as rsock.so (INSTALL_ROOT is
dnl honoured). See Makefile.frag.

PHP_ARG_ENABLE([rsock],
  [whether to enable rsock (Rust socket core for stream_socket_server)],
  [AS_HELP_STRING([--enable-rsock], [Enable rsock (default: yes)])],
  [yes])

if test "$PHP_RSOCK" != "no"; then
  AC_PATH_PROG([CARGO], [cargo], [no], [$PATH:$HOME/.cargo/bin])
  if test "$CARGO" = "no"; then
    AC_MSG_ERROR([cargo not found: rsock is written in Rust; install it with rustup (https://rustup.rs) or your distribution's cargo package])
  fi
  AC_MSG_CHECKING([for the PHP rsock is built for])
  dnl An absolute path: cargo's build scripts run elsewhere.
  RSOCK_PHP_CONFIG=`command -v "$PHP_CONFIG"`
  if test -z "$RSOCK_PHP_CONFIG"; then
    AC_MSG_ERROR([php-config not found at $PHP_CONFIG])
  fi
  AC_MSG_RESULT([$RSOCK_PHP_CONFIG (PHP $($RSOCK_PHP_CONFIG --version))])
  AC_PATH_PROG([RSOCK_CLANG], [clang], [no])
  if test "$RSOCK_CLANG" = "no"; then
    AC_MSG_WARN([clang not found: bindgen needs libclang (Debian: apt-get install clang libclang-dev)])
  fi
  PHP_SUBST([CARGO])
  PHP_SUBST([RSOCK_PHP_CONFIG])
  dnl No C sources: the module is the cargo build's, installed by
  dnl install-modules like any shared extension.
  PHP_MODULES="\$(phplibdir)/rsock.so"
  PHP_ADD_BUILD_DIR([target/phpize])
  PHP_ADD_MAKEFILE_FRAGMENT([$abs_srcdir/Makefile.frag])
fi
