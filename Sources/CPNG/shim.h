#ifndef METALAB_CPNG_SHIM_H
#define METALAB_CPNG_SHIM_H
/* libpng reports errors by longjmp, which Swift cannot unwind through. Every libpng call that
 * can fail lives in the two helpers below; each sets a jump point, and on error returns a
 * non-zero code with libpng's message copied into the caller's buffer. */
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
} metalab_png_source;

typedef struct {
    char *message;
    size_t capacity;
} metalab_png_error_sink;

static void metalab_png_on_error(png_structp png, png_const_charp text) {
    metalab_png_error_sink *sink = (metalab_png_error_sink *)png_get_error_ptr(png);
    if (sink && sink->message && sink->capacity > 0) {
        strncpy(sink->message, text ? text : "unknown libpng error", sink->capacity - 1);
        sink->message[sink->capacity - 1] = 0;
    }
    png_longjmp(png, 1);
}

static void metalab_png_on_warning(png_structp png, png_const_charp text) {
    (void)png; (void)text; /* warnings are not errors: the image is still decoded */
}

static void metalab_png_read_memory(png_structp png, png_bytep out, png_size_t count) {
    metalab_png_source *source = (metalab_png_source *)png_get_io_ptr(png);
    if (source->size - source->offset < count) {
        png_error(png, "unexpected end of data (truncated PNG)");
    }
    memcpy(out, source->data + source->offset, count);
    source->offset += count;
}

/// Decodes a PNG held in memory to 8 bits per channel. On success returns 0 and sets
/// `*pixels` (malloc'd, rows packed, `*channels` per pixel: 1 grey, 2 grey+alpha, 3 RGB,
/// 4 RGBA); the caller frees it with `free`. On failure returns 1 and writes a message.
static inline int metalab_png_decode(const unsigned char *data, size_t size,
                                     unsigned *width, unsigned *height, unsigned *channels,
                                     unsigned char **pixels, char *message, size_t capacity) {
    *pixels = NULL;
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        strncpy(message, "not a PNG file (bad signature)", capacity - 1);
        message[capacity - 1] = 0;
        return 1;
    }
    metalab_png_error_sink sink = { message, capacity };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &sink,
                                             metalab_png_on_error, metalab_png_on_warning);
    if (!png) { strncpy(message, "out of memory", capacity - 1); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_read_struct(&png, NULL, NULL); strncpy(message, "out of memory", capacity - 1); return 1; }
    metalab_png_source source = { data, size, 0 };
    unsigned char *volatile buffer = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(buffer);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    png_set_read_fn(png, &source, metalab_png_read_memory);
    png_set_user_limits(png, 16384, 16384);
    /* Ancillary chunks whose data libpng would buffer whole, at the length the file claims
     * (an oversized chunk is only a warning when reading): none matter for pixels, so they
     * are skipped unread. */
    static const png_byte skipped[] = "iCCP\0sPLT\0tEXt\0zTXt\0iTXt\0eXIf\0pCAL\0sCAL\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, skipped, (int)(sizeof skipped / 5));
    png_read_info(png, info);
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    png_byte c = png_get_channels(png, info);
    size_t rowBytes = png_get_rowbytes(png, info);
    if (rowBytes != (size_t)w * c) png_error(png, "unsupported pixel layout");
    /* 64 Mpixels (8192 x 8192): far beyond any image MetaLab learns from. */
    if ((size_t)w * h > ((size_t)1 << 26)) png_error(png, "image too large (more than 67,108,864 pixels)");
    buffer = (unsigned char *)malloc(rowBytes * h);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * h);
    if (!buffer || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < h; y++) rows[y] = buffer + y * rowBytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *width = w; *height = h; *channels = c; *pixels = buffer;
    return 0;
}

/// Encodes 8-bit RGBA (`channels` = 4) or grey (`channels` = 1) rows to a PNG file. Returns 0
/// on success; on failure returns 1 with a message (libpng's, or the C library's for I/O).
static inline int metalab_png_encode_file(const char *path, const unsigned char *pixels,
                                          unsigned width, unsigned height, unsigned channels,
                                          char *message, size_t capacity) {
    FILE *volatile file = fopen(path, "wb");
    if (!file) {
        snprintf(message, capacity, "%s", strerror(errno));
        return 1;
    }
    metalab_png_error_sink sink = { message, capacity };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink,
                                              metalab_png_on_error, metalab_png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        if (png) png_destroy_write_struct(&png, NULL);
        fclose(file);
        snprintf(message, capacity, "out of memory");
        return 1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return 1;
    }
    png_init_io(png, file);
    int colorType = channels == 4 ? PNG_COLOR_TYPE_RGBA : channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY;
    png_set_IHDR(png, info, width, height, 8, colorType, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (unsigned y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * channels));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    int failed = fflush(file) != 0 || ferror(file);
    int savedErrno = errno;
    if (fclose(file) != 0 && !failed) { failed = 1; savedErrno = errno; }
    if (failed) {
        snprintf(message, capacity, "%s", strerror(savedErrno));
        return 1;
    }
    return 0;
}
#endif
