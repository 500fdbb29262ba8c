//! Generates Rust bindings for PHP's stream/transport API from the headers
//! that `php-config` points at. Skipped without the `php` feature, so the
//! socket core builds and tests with no PHP installed.

use std::{env, path::PathBuf, process::Command};

/// Functions the binding layer calls; everything else stays out of the
/// generated module.
const FUNCTIONS: &[&str] = &[
    "_php_stream_alloc",
    "_php_stream_free",
    "php_stream_context_set",
    "php_stream_context_get_option",
    "php_stream_context_set_option",
    "_php_stream_fill_read_buffer",
    "php_stream_context_alloc",
    "php_le_stream_context",
    "php_stream_xport_get_hash",
    "zend_fetch_resource_ex",
    "php_error_docref",
    "zend_parse_parameters",
    "zend_try_assign_typed_ref_long",
    "zend_try_assign_typed_ref_str",
    "zend_hash_str_find",
    "zend_hash_str_del",
    "zend_is_true",
    "zval_get_long_func",
    "zval_get_double_func",
    "zend_ini_long",
    "zend_ini_parse_bool",
    "zend_ini_get_value",
    "zend_ini_string_ex",
    "add_assoc_bool_ex",
    "_emalloc",
    "php_info_print_table_start",
    "php_info_print_table_end",
    "php_info_print_table_row",
    "zend_unregister_ini_entries",
    "zval_ptr_dtor",
    "display_ini_entries",
    "_zend_new_array",
    "zend_hash_index_update",
    "zend_hash_update",
    "zval_add_ref",
    "zend_fetch_resource2_ex",
    "php_file_le_stream",
    "php_file_le_pstream",
    "_php_stream_cast",
    "zend_value_error",
    "zend_argument_value_error",
    "zend_array_destroy",
    "_call_user_function_impl",
    "expand_filepath",
    "php_check_open_basedir",
    "zval_try_get_string_func",
    "zend_list_delete",
];

const TYPES: &[&str] = &[
    "php_stream",
    "php_stream_ops",
    "php_stream_context",
    "php_stream_statbuf",
    "php_stream_xport_param",
    "php_stream_xport_crypto_param",
    "php_netstream_data_t",
    "zend_execute_data",
    "zend_internal_function",
    "zend_function_entry",
    "zval",
    "zend_string",
    "HashTable",
    "zend_refcounted_h",
    "php_stream_xport_send_recv_flags",
];

const VARS: &[&str] = &[
    "PHP_STREAM_.*",
    "STREAM_.*",
    "IS_.*",
    "E_WARNING",
    "E_NOTICE",
    "SUCCESS",
    "FAILURE",
    "MODULE_PERSISTENT",
    "ZEND_DEBUG",
    "ZEND_INTERNAL_FUNCTION",
    "HASH_KEY_.*",
    "HASH_FLAG_PACKED",
    "GC_IMMUTABLE",
    "Z_TYPE_MASK",
    "Z_TYPE_FLAGS_SHIFT",
    "PHP_STREAM_OPTION_.*",
    "PHP_FILE_NO_DEFAULT_CONTEXT",
    // The release whose behaviour rsock follows where PHP changed it.
    "PHP_VERSION_ID",
];

/// `php-config`, or the one `PHP_CONFIG` names (as ext-php-rs reads it too),
/// so that phpize's `--with-php-config` and `make PHP_CONFIG=...` build
/// for that PHP.
fn php_config(arg: &str) -> String {
    let bin = env::var_os("PHP_CONFIG").unwrap_or_else(|| "php-config".into());
    let out = Command::new(&bin).arg(arg).output().unwrap_or_else(|e| {
        panic!(
            "{} {arg} failed ({e}): install php-dev",
            bin.to_string_lossy()
        )
    });
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn main() {
    println!("cargo::rustc-check-cfg=cfg(php_debug)");
    println!("cargo::rustc-check-cfg=cfg(php_zts)");
    println!("cargo::rustc-check-cfg=cfg(php_packed_zvals)");
    println!("cargo::rustc-check-cfg=cfg(php_stream_has_buffered_data)");
    println!("cargo::rerun-if-changed=src/php/wrapper.h");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=PHP_CONFIG");
    if env::var_os("CARGO_FEATURE_PHP").is_none() {
        return;
    }

    let version = php_config("--version");
    let vernum: u32 = php_config("--vernum").parse().unwrap_or(0);
    if vernum < 80100 {
        eprintln!(
            "error: rsock needs PHP 8.1 or newer, and php-config names PHP {version}; \
             set PHP_CONFIG to a newer PHP's php-config"
        );
        std::process::exit(1);
    }
    let includes = php_config("--includes");
    let include_dir = php_config("--include-dir");
    let config_h = std::fs::read_to_string(PathBuf::from(&include_dir).join("main/php_config.h"))
        .unwrap_or_default();
    let debug = config_h.contains("#define ZEND_DEBUG 1");
    if debug {
        println!("cargo::rustc-cfg=php_debug");
    }
    // Which PHP this build is for, for phpinfo() (`php --ri rsock`).
    let zts = config_h.contains("#define ZTS 1");
    if zts {
        println!("cargo::rustc-cfg=php_zts");
    }
    println!(
        "cargo::rustc-env=RSOCK_BUILT_FOR=PHP {version} (API {}, {}{})",
        php_config("--phpapi"),
        if zts { "ZTS" } else { "NTS" },
        if debug { ", debug" } else { "" }
    );

    let mut builder = bindgen::Builder::default()
        .header("src/php/wrapper.h")
        .clang_args(includes.split_whitespace())
        .layout_tests(false)
        .derive_default(true)
        .generate_comments(false)
        .prepend_enum_name(false);
    for f in FUNCTIONS {
        builder = builder.allowlist_function(f);
    }
    for t in TYPES {
        builder = builder.allowlist_type(t);
    }
    for v in VARS {
        builder = builder.allowlist_var(v);
    }
    let bindings = builder
        .generate()
        .expect("bindgen could not read PHP's headers (install clang libclang-dev php-dev)");
    // The layout of packed arrays, as these headers declare it: PHP 8.2
    // made them a list of zvals (`arPacked`) instead of buckets.
    let text = bindings.to_string();
    if text.contains("pub arPacked:") {
        println!("cargo::rustc-cfg=php_packed_zvals");
    }
    // PHP 8.3 flags a stream whose read already took bytes from its buffer.
    if text.contains("pub fn has_buffered_data(") {
        println!("cargo::rustc-cfg=php_stream_has_buffered_data");
    }
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("php_bindings.rs");
    std::fs::write(out, text).expect("write bindings");
}
