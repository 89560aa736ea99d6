#ifndef METALAB_CZLIB_SHIM_H
#define METALAB_CZLIB_SHIM_H
#include <zlib.h>
#endif
