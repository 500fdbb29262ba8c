/* A stand-in for an APM/tracer: hooks stream_socket_server's handler in its MINIT,
   counts calls and passes them on to the handler it replaced. */
#include "php.h"

static zif_handler previous;
static zend_long calls;

static ZEND_FUNCTION(hookstub_wrapper)
{
	calls++;
	previous(execute_data, return_value);
}

static ZEND_FUNCTION(hookstub_calls)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_LONG(calls);
}

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_hookstub_calls, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

static const zend_function_entry hookstub_functions[] = {
	ZEND_FE(hookstub_calls, arginfo_hookstub_calls)
	ZEND_FE_END
};

static PHP_MINIT_FUNCTION(hookstub)
{
	zend_function *f = zend_hash_str_find_ptr(CG(function_table), "stream_socket_server", sizeof("stream_socket_server") - 1);
	if (f && f->type == ZEND_INTERNAL_FUNCTION) {
		previous = f->internal_function.handler;
		f->internal_function.handler = ZEND_FN(hookstub_wrapper);
	}
	return SUCCESS;
}

zend_module_entry hookstub_module_entry = {
	STANDARD_MODULE_HEADER, "hookstub", hookstub_functions, PHP_MINIT(hookstub),
	NULL, NULL, NULL, NULL, "0.1", STANDARD_MODULE_PROPERTIES
};
ZEND_GET_MODULE(hookstub)
