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
    /* The first chunk must be IHDR: refuse absurd dimensions with a message that says which
     * limit (libpng itself would only say "Invalid IHDR data"). */
    if (size >= 24 && memcmp(data + 12, "IHDR", 4) == 0) {
        unsigned long long w = ((unsigned long long)data[16] << 24) | (data[17] << 16) | (data[18] << 8) | data[19];
        unsigned long long h = ((unsigned long long)data[20] << 24) | (data[21] << 16) | (data[22] << 8) | data[23];
        if (w * h > (1ULL << 24)) {
            snprintf(message, capacity, "image too large: the header declares %llu x %llu pixels, more than the 16,777,216-pixel memory budget for one image", w, h);
            return 1;
        }
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
    /* The image data must be in the file: deflate expands at most 1032:1, so a header that
     * declares more packed pixel bytes than the file's size allows is a lie, refused before
     * anything is allocated. */
    {
        png_uint_32 declaredHeight = png_get_image_height(png, info);
        size_t packedRow = png_get_rowbytes(png, info);
        if (declaredHeight > 0 && packedRow > (size * 1032 + 1024) / declaredHeight) {
            char text[160];
            snprintf(text, sizeof text, "image too large for its data: the header declares %u x %u pixels, more than %zu bytes can hold",
                     (unsigned)png_get_image_width(png, info), (unsigned)declaredHeight, size);
            png_error(png, text);
        }
    }
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    png_uint_32 w = png_get_image_width(png, info);
    png_uint_32 h = png_get_image_height(png, info);
    png_byte c = png_get_channels(png, info);
    size_t rowBytes = png_get_rowbytes(png, info);
    if (rowBytes != (size_t)w * c) png_error(png, "unsupported pixel layout");
    /* 16 Mpixels (4096 x 4096, MetaData's FileLimits.maxImagePixels): far beyond any image
     * MetaLab learns from. */
    if ((size_t)w * h > ((size_t)1 << 24)) png_error(png, "image too large (more than 16,777,216 pixels, the memory budget for one image)");
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

typedef struct {
    unsigned char *data;
    size_t size;
    size_t capacity;
    int failed;
} metalab_png_sink;

static void metalab_png_write_memory(png_structp png, png_bytep bytes, png_size_t count) {
    metalab_png_sink *sink = (metalab_png_sink *)png_get_io_ptr(png);
    if (sink->size + count > sink->capacity) {
        size_t capacity = sink->capacity ? sink->capacity : 4096;
        while (capacity < sink->size + count) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(sink->data, capacity);
        if (!grown) { sink->failed = 1; png_error(png, "out of memory"); }
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, bytes, count);
    sink->size += count;
}

static void metalab_png_flush_memory(png_structp png) { (void)png; }

/// Encodes 8-bit RGBA (`channels` = 4), RGB (3) or grey (1) rows to PNG bytes in memory (the
/// caller writes them to a file, atomically). Returns 0 on success with `*out` (malloc'd, free
/// with `free`) and `*outSize` set; on failure returns 1 with a message.
static inline int metalab_png_encode_memory(const unsigned char *pixels, unsigned width, unsigned height,
                                            unsigned channels, unsigned char **out, size_t *outSize,
                                            char *message, size_t capacity) {
    *out = NULL;
    *outSize = 0;
    metalab_png_error_sink errors = { message, capacity };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors,
                                              metalab_png_on_error, metalab_png_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        if (png) png_destroy_write_struct(&png, NULL);
        snprintf(message, capacity, "out of memory");
        return 1;
    }
    metalab_png_sink sink = { NULL, 0, 0, 0 };
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(sink.data);
        return 1;
    }
    png_set_write_fn(png, &sink, metalab_png_write_memory, metalab_png_flush_memory);
    int colorType = channels == 4 ? PNG_COLOR_TYPE_RGBA : channels == 3 ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_GRAY;
    png_set_IHDR(png, info, width, height, 8, colorType, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (unsigned y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * channels));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *outSize = sink.size;
    return 0;
}
#endif
