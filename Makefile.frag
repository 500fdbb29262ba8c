# phpize's build of rsock (config.m4): cargo builds the extension for the PHP
# that --with-php-config named, into target/phpize/, and the module lands in
# modules/ where `make install` (install-modules) picks it up.

RSOCK_TARGET_DIR = $(top_srcdir)/target/phpize

$(phplibdir)/rsock.so: rsock-cargo-build
	@mkdir -p $(phplibdir)
	cp $(RSOCK_TARGET_DIR)/release/librsock.so $@

rsock-cargo-build:
	cd $(top_srcdir) && PHP_CONFIG=$(RSOCK_PHP_CONFIG) PHP=$(PHP_EXECUTABLE) \
	  CARGO_TARGET_DIR=$(RSOCK_TARGET_DIR) $(CARGO) build --release --locked

.PHONY: rsock-cargo-build
