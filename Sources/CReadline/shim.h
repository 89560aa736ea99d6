#ifndef METALAB_CREADLINE_SHIM_H
#define METALAB_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Makes standard output line-buffered, so progress lines appear as they happen even in a pipe
/// (Swift 6 cannot touch the C `stdout` variable directly).
static inline void metalab_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
#endif
